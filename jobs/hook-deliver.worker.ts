import { deliverHook } from "../server/services/hooks/deliver-hook";
import { defineWorker } from "./define-job";
import { hookDeliverJob } from "./hook-deliver";

export const hookDeliverWorker = defineWorker(hookDeliverJob, {
  handle: (payload, deps) => deliverHook({ ...payload, env: deps.env }),
  // Retries wait out their backoff as delayed jobs, which only a poll finds.
  notifyPollingIntervalSeconds: 1,
});
