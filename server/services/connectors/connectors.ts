import { and, desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { githubClient, githubErrorMessage } from "../../github/client";

/** What the API shows of a connector: never the token. */
export const connectorColumns = {
  id: connectors.id,
  provider: connectors.provider,
  kind: connectors.kind,
  name: connectors.name,
  accountLogin: connectors.accountLogin,
  scopes: connectors.scopes,
  status: connectors.status,
  revokedAt: connectors.revokedAt,
  createdAt: connectors.createdAt,
};

/**
 * Adds a GitHub connector after checking the token against the API: the
 * account it belongs to and its scopes are recorded; the token is sealed
 * (AES-256-GCM) before it is stored.
 */
export async function createConnector(options: {
  tenantId: number;
  userId: number;
  env: Env;
  kind: "oauth" | "pat";
  token: string;
  name?: string;
}) {
  let login: string;
  let scopes: string[];
  try {
    const response = await githubClient(options.env, options.token).rest.users.getAuthenticated();
    login = response.data.login;
    const header = response.headers["x-oauth-scopes"];
    scopes = typeof header === "string" && header ? header.split(",").map((scope) => scope.trim()) : [];
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403)
      throw new AppError("BAD_REQUEST", "GitHub rejected this token (bad credentials or missing scope).");
    throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
  }
  const sealed = getKeyring(options.env).seal(options.token);
  const [row] = await db
    .insert(connectors)
    .values({
      tenantId: options.tenantId,
      provider: "github",
      kind: options.kind,
      name: options.name?.trim() || `GitHub (${login})`,
      accountLogin: login,
      tokenCiphertext: sealed.ciphertext,
      tokenKeyId: sealed.keyId,
      scopes,
      createdBy: options.userId,
    })
    .returning(connectorColumns);
  return row!;
}

export async function listConnectors(options: { tenantId: number }) {
  return db
    .select(connectorColumns)
    .from(connectors)
    .where(eq(connectors.tenantId, options.tenantId))
    .orderBy(desc(connectors.id));
}

export async function getConnector(options: { tenantId: number; connectorId: number }) {
  const [row] = await db
    .select(connectorColumns)
    .from(connectors)
    .where(and(eq(connectors.id, options.connectorId), eq(connectors.tenantId, options.tenantId)));
  if (!row) throw notFound("Connector");
  return row;
}

/** Revokes a connector: its token is destroyed; repositories stay for history, runs on them stop working. */
export async function revokeConnector(options: { tenantId: number; connectorId: number }) {
  const [row] = await db
    .update(connectors)
    .set({ status: "revoked", revokedAt: new Date(), tokenCiphertext: "revoked", updatedAt: new Date() })
    .where(and(eq(connectors.id, options.connectorId), eq(connectors.tenantId, options.tenantId)))
    .returning(connectorColumns);
  if (!row) throw notFound("Connector");
  return row;
}

/** The plaintext token, for server-side use only (API calls, git). Never returned by the API or logged. */
export async function connectorToken(options: { tenantId: number; connectorId: number; env: Env }) {
  const [row] = await db
    .select({ status: connectors.status, tokenCiphertext: connectors.tokenCiphertext, tokenKeyId: connectors.tokenKeyId })
    .from(connectors)
    .where(and(eq(connectors.id, options.connectorId), eq(connectors.tenantId, options.tenantId)));
  if (!row) throw notFound("Connector");
  if (row.status !== "active") throw new AppError("PRECONDITION_FAILED", "This GitHub connector was revoked; add a new one.");
  return getKeyring(options.env).open({ ciphertext: row.tokenCiphertext, keyId: row.tokenKeyId });
}
