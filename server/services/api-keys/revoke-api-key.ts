import { and, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { apiKeys } from "../../../db/schema";
import { notFound } from "../../errors";

export async function revokeApiKey(options: { tenantId: number; apiKeyId: number }) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, options.apiKeyId), eq(apiKeys.tenantId, options.tenantId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id, revokedAt: apiKeys.revokedAt });
  if (!row) throw notFound("API key");
  return row;
}
