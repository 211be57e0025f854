import { db, inTransaction, type Commit } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests } from "../../github/github-calls";
import { authenticatedUser } from "../../github/users";
import { connectorColumns } from "./connector-columns";

/**
 * Adds a GitHub connector after checking the token against the API: the
 * account it belongs to and its scopes are recorded; the token is sealed
 * (AES-256-GCM) before it is stored. The check is made outside any
 * transaction; the row commits in `commit`.
 */
export async function createConnector(options: {
  tenantId: number;
  userId: number;
  env: Env;
  kind: "oauth" | "pat";
  token: string;
  name?: string;
  commit?: Commit;
}) {
  let login: string;
  let scopes: string[];
  try {
    ({ login, scopes } = await gitHubRequests(options.env, options.token)(authenticatedUser));
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403)
      throw new AppError("BAD_REQUEST", "GitHub rejected this token (bad credentials or missing scope).");
    throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
  }
  const sealed = getKeyring(options.env).seal(options.token);
  const [row] = await (options.commit ?? inTransaction)(() =>
    db
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
      .returning(connectorColumns),
  );
  return row!;
}
