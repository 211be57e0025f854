import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { webhookDeliveries } from "../../../db/schema";

export async function markDelivery(options: {
  tenantId: number;
  deliveryRowId: number;
  status: "processed" | "failed";
  error?: string;
}) {
  await db
    .update(webhookDeliveries)
    .set({
      status: options.status,
      lastError: options.error?.slice(0, 2_000) ?? null,
      processedAt: options.status === "processed" ? new Date() : null,
    })
    .where(
      and(
        eq(webhookDeliveries.id, options.deliveryRowId),
        eq(webhookDeliveries.tenantId, options.tenantId),
        // A failed attempt never undoes a processed one (a redelivery may have won the race).
        options.status === "failed" ? sql`${webhookDeliveries.status} <> 'processed'` : sql`true`,
      ),
    );
}
