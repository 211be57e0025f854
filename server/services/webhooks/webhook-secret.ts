import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { webhooks } from "../../../db/schema";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";

/** The secret of an active webhook row, to verify a delivery. */
export async function webhookSecret(options: { webhookId: number; env: Env }) {
  const [row] = await db
    .select({
      tenantId: webhooks.tenantId,
      repositoryId: webhooks.repositoryId,
      secretCiphertext: webhooks.secretCiphertext,
      secretKeyId: webhooks.secretKeyId,
    })
    .from(webhooks)
    .where(and(eq(webhooks.id, options.webhookId), eq(webhooks.active, true)));
  if (!row) return null;
  return {
    tenantId: row.tenantId,
    repositoryId: row.repositoryId,
    secret: getKeyring(options.env).open({ ciphertext: row.secretCiphertext, keyId: row.secretKeyId }),
  };
}
