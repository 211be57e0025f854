import { db } from "../../../db/client";
import { apiKeys } from "../../../db/schema";
import type { Permission } from "../../auth/permissions";
import { hashToken, newRandomToken } from "../../auth/tokens";

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
