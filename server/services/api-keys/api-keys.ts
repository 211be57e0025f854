import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { apiKeys, tenants, users } from "../../../db/schema";
import type { Permission } from "../../auth/permissions";
import { hashToken, newRandomToken } from "../../auth/tokens";
import { notFound } from "../../errors";
import { identityColumns } from "../sessions/get-session";

/** A new key: `al_` and 40 random characters; only its hash and prefix are stored. It is returned this once. */
export async function createApiKey(options: {
  tenantId: number;
  userId: number;
  name: string;
  scopes: Permission[];
  expiresInDays?: number | null;
}) {
  const key = `al_${newRandomToken(30)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      tenantId: options.tenantId,
      userId: options.userId,
      name: options.name,
      prefix: key.slice(0, 10),
      keyHash: hashToken(key),
      scopes: options.scopes,
      expiresAt: options.expiresInDays ? new Date(Date.now() + options.expiresInDays * 86_400_000) : null,
    })
    .returning({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      expiresAt: apiKeys.expiresAt,
      createdAt: apiKeys.createdAt,
    });
  return { ...row!, key };
}

export async function listApiKeys(options: { tenantId: number }) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      createdAt: apiKeys.createdAt,
      owner: users.login,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.tenantId, options.tenantId))
    .orderBy(desc(apiKeys.id));
}

export async function revokeApiKey(options: { tenantId: number; apiKeyId: number }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, options.apiKeyId), eq(apiKeys.tenantId, options.tenantId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
  if (!row) throw notFound("API key");
  return row;
}

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
