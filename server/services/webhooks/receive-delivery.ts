import { db } from "../../../db/client";
import { webhookDeliveries } from "../../../db/schema";

/** Records a delivery id; false when it was seen before (a replay), which is then dropped. */
export async function recordDelivery(options: { tenantId: number; deliveryId: string; event: string }) {
  const rows = await db.insert(webhookDeliveries).values(options).onConflictDoNothing().returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}
