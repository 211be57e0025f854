import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hookDeliveries, hooks } from "../../../db/schema";
import { hookDeliverJob } from "../../../jobs/hook-deliver";
import type { Env } from "../../env.server";
import { OutboundRefusedError } from "../../net/outbound-policy";
import { executeDelivery } from "./execute-delivery";

export const HOOK_MAX_ATTEMPTS = (hookDeliverJob.queue.retryLimit ?? 0) + 1;

/** One attempt at a delivery (the pg-boss job). Failure throws so pg-boss retries. */
export async function deliverHook(options: { tenantId: number; deliveryId: number; env: Env }) {
  const [row] = await db
    .select({ delivery: hookDeliveries, hook: hooks })
    .from(hookDeliveries)
    .innerJoin(hooks, eq(hooks.id, hookDeliveries.hookId))
    .where(and(eq(hookDeliveries.id, options.deliveryId), eq(hookDeliveries.tenantId, options.tenantId)));
  if (!row || row.delivery.status === "delivered") return { skipped: true };
  const { delivery, hook } = row;
  const body = JSON.stringify({ event: delivery.event, deliveryId: delivery.id, payload: delivery.payload });
  const attempts = delivery.attempts + 1;
  try {
    await executeDelivery({
      tenantId: options.tenantId,
      env: options.env,
      hook,
      delivery,
      body,
      record: async (response) => {
        await db
          .update(hookDeliveries)
          .set({ attempts, ...response })
          .where(eq(hookDeliveries.id, delivery.id));
      },
    });
    await db
      .update(hookDeliveries)
      .set({ status: "delivered", deliveredAt: new Date(), error: null })
      .where(eq(hookDeliveries.id, delivery.id));
    return { delivered: true, attempts };
  } catch (error) {
    const message = (error as Error).message;
    // A refused address fails the delivery at once: retrying would only be refused again.
    const refused = error instanceof OutboundRefusedError;
    await db
      .update(hookDeliveries)
      .set({ attempts, error: message, status: refused || attempts >= HOOK_MAX_ATTEMPTS ? "failed" : "pending" })
      .where(eq(hookDeliveries.id, delivery.id));
    if (refused) return { delivered: false, attempts, refused: message };
    throw error;
  }
}
