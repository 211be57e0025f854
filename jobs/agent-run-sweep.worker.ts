import { sweepRuns } from "../server/services/agent-runs/sweep-runs";
import { agentRunSweepJob } from "./agent-run-sweep";
import { defineWorker } from "./define-job";

export const agentRunSweepWorker = defineWorker(agentRunSweepJob, {
  handle: (_payload, deps) => sweepRuns({ staleAfterSeconds: deps.env.RUN_STALE_AFTER_SECONDS }),
});
