import { z } from "zod";
import { defineJob } from "./define-job";

/** Starts a queued run on this process's executor. Sent in the transaction that creates the run. */
export const agentRunDispatchJob = defineJob({
  name: "agent-run.dispatch",
  payload: z.object({ runId: z.number().int().positive(), tenantId: z.number().int().positive() }),
  // No retries: a run is claimed once (queued → running); a dead worker's run is failed by the sweeper.
  queue: { retryLimit: 0, expireInSeconds: 4 * 60 * 60 },
});
