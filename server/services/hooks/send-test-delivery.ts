import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hookDeliveries, hooks } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { hookDeliverJob } from "../../../jobs/hook-deliver";
import { notFound } from "../../errors";

/** Queues a test delivery of a hook (payload `{ test: true }`). */
export async function sendTestDelivery(options: { tenantId: number; hookId: number }) {
  const [hook] = await db
    .select({ id: hooks.id, event: hooks.event })
    .from(hooks)
    .where(and(eq(hooks.id, options.hookId), eq(hooks.tenantId, options.tenantId)));
  if (!hook) throw notFound("Hook");
  const [delivery] = await db
    .insert(hookDeliveries)
    .values({ tenantId: options.tenantId, hookId: hook.id, event: hook.event, payload: { test: true } })
    .returning({ id: hookDeliveries.id });
  await sendJob(getBoss(), hookDeliverJob, { tenantId: options.tenantId, deliveryId: delivery!.id });
  return { deliveryId: delivery!.id };
}
