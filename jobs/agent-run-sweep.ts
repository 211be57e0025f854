import { z } from "zod";
import { defineJob } from "./define-job";

/** Fails runs whose worker died (no heartbeat): every minute, at worker start, and shortly after. */
export const agentRunSweepJob = defineJob({
  name: "agent-run.sweep",
  payload: z.object({}).passthrough(),
  queue: { retryLimit: 1, expireInSeconds: 120 },
  schedule: "* * * * *",
});
