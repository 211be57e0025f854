import { sweepStaleRuns } from "../server/services/agent-runs/worker-state";
import { agentRunSweepJob } from "./agent-run-sweep";
import { defineWorker } from "./define-job";

export const agentRunSweepWorker = defineWorker(agentRunSweepJob, {
  async handle(_payload, deps) {
    const result = await sweepStaleRuns({ staleAfterSeconds: deps.env.RUN_STALE_AFTER_SECONDS });
    if (result.failed) deps.logger.warn({ failed: result.failed }, "failed runs whose worker stopped");
    return result;
  },
  // The sweep sent with a delay at worker start is found by this poll.
  notifyPollingIntervalSeconds: 2,
});
