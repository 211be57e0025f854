import { watchKubernetesRun } from "../server/services/agent-runs/watch-kubernetes-run";
import { agentRunWatchJob } from "./agent-run-watch";
import { defineWorker } from "./define-job";

export const agentRunWatchWorker = defineWorker(agentRunWatchJob, {
  handle: (payload, deps) => watchKubernetesRun({ ...payload, env: deps.env }),
  // Each check re-sends itself with a delay, which only a poll finds.
  notifyPollingIntervalSeconds: 1,
});
