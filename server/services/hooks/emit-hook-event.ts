import type { Executor } from "../../../db/client";
import { hookDeliveries } from "../../../db/schema";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { hookDeliverJob } from "../../../jobs/hook-deliver";
import { sanitizeJson } from "../../text/sanitize";
import type { HookEvent } from "./hook-events";
import { cachedPresence, enabledHooks } from "./hook-presence";

/**
 * Something happened: a delivery is recorded for every enabled hook on that
 * event and handed to pg-boss (retries with backoff), in the caller's
 * transaction — no delivery for a change that rolled back.
 */
export async function emitHookEvent(
  executor: Executor,
  options: { tenantId: number; event: HookEvent; payload: Record<string, unknown> },
) {
  if (cachedPresence(options) === false) return 0;
  const targets = await enabledHooks(executor, options);
  for (const hook of targets) {
    const [delivery] = await executor
      .insert(hookDeliveries)
      .values({ tenantId: options.tenantId, hookId: hook.id, event: options.event, payload: sanitizeJson(options.payload) })
      .returning({ id: hookDeliveries.id });
    // The job is inserted in the same transaction as the delivery row (and the change behind it).
    await sendJob(getBoss(), hookDeliverJob, { tenantId: options.tenantId, deliveryId: delivery!.id }, { tx: executor });
  }
  return targets.length;
}
