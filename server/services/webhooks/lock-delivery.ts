import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { webhookDeliveries } from "../../../db/schema";

/** The delivery's row, locked: processing holds it so two attempts at one delivery never overlap. */
export async function lockDelivery(options: { tenantId: number; deliveryRowId: number }) {
  const [row] = await db
    .select({ status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, options.deliveryRowId), eq(webhookDeliveries.tenantId, options.tenantId)))
    .for("update");
  return row;
}
