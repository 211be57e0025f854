import { z } from "zod";
import { defineJob } from "./define-job";

/**
 * The once-a-minute backstop of the run sweep; each worker process also sweeps
 * every few seconds on a timer (`startRunSweeper`), which is what keeps recovery
 * within RUN_STALE_AFTER_SECONDS + 5 s.
 */
export const agentRunSweepJob = defineJob({
  name: "agent-run.sweep",
  payload: z.object({}).passthrough(),
  queue: { retryLimit: 1, expireInSeconds: 120 },
  schedule: "* * * * *",
});
