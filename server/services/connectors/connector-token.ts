import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";

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
