import { z } from "zod";
import { defineJob } from "./define-job";

/** One hook delivery; failures are retried with backoff (four attempts in all). */
export const hookDeliverJob = defineJob({
  name: "hook.deliver",
  payload: z.object({ tenantId: z.number().int().positive(), deliveryId: z.number().int().positive() }),
  queue: { retryLimit: 3, retryDelay: 1, retryBackoff: true, expireInSeconds: 600 },
});
