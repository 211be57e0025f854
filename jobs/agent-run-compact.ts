import { z } from "zod";
import { defineJob } from "./define-job";

/**
 * Summarises a span of a run's conversation (a row of `agent_run_compactions`)
 * for the agent loop that waits on it, local or in a pod. The payload holds ids
 * only: the transcript may be large and is kept in the row.
 */
export const agentRunCompactJob = defineJob({
  name: "agent-run.compact",
  payload: z.object({ tenantId: z.number().int().positive(), compactionId: z.number().int().positive() }),
  // Two retries for a flaky provider; after that the loop keeps its masked conversation and carries on.
  queue: { retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: 5 * 60 },
});
