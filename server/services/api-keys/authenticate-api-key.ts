import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { apiKeys, tenants, users } from "../../../db/schema";
import type { Permission } from "../../auth/permissions";
import { hashToken } from "../../auth/tokens";
import { identityColumns } from "../sessions/get-session";

/**
 * The identity behind an `al_` key: its owner in its workspace with the
 * owner's roles, narrowed to the key's scopes. Revoked, expired or unknown
 * keys get nothing. Last use is recorded (at most once a minute).
 */
export async function authenticateApiKey(key: string) {
  if (!key.startsWith("al_")) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      ...identityColumns,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(
      and(
        eq(apiKeys.keyHash, hashToken(key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), sql`${apiKeys.expiresAt} > now()`),
      ),
    );
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= 60_000)
    await db
      .update(apiKeys)
      .set({ lastUsedAt: new Date() })
      .where(
        and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))),
      );
  return {
    sessionId: 0,
    apiKeyId: row.id,
    scopes: row.scopes as Permission[],
    user: row.user,
    tenant: row.tenant,
    roles: row.roles,
  };
}
