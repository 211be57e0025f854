import { summariseCompaction } from "../server/services/agent-runs/summarise-compaction";
import { agentRunCompactJob } from "./agent-run-compact";
import { defineWorker } from "./define-job";

export const agentRunCompactWorker = defineWorker(agentRunCompactJob, {
  handle: (payload, deps) => summariseCompaction({ ...payload, env: deps.env }),
  // A run is waiting: NOTIFY starts the job at once, and the short poll picks up its delayed retries.
  notifyPollingIntervalSeconds: 1,
});
