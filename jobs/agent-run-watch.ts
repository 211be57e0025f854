import { z } from "zod";
import { defineJob } from "./define-job";

/** One check of a Kubernetes run's Job; re-sent with a delay while the Job runs. */
export const agentRunWatchJob = defineJob({
  name: "agent-run.watch-job",
  payload: z.object({ tenantId: z.number().int().positive(), runId: z.number().int().positive() }),
  queue: { retryLimit: 3, retryDelay: 2, expireInSeconds: 120 },
});
