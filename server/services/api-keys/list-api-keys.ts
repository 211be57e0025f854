import { desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { apiKeys, users } from "../../../db/schema";

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
