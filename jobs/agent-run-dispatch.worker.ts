import { runAgent } from "../server/agents/run-agent";
import { agentRunDispatchJob } from "./agent-run-dispatch";
import { defineWorker } from "./define-job";

export const agentRunDispatchWorker = defineWorker(agentRunDispatchJob, {
  handle: (payload, deps) => runAgent({ ...payload, env: deps.env, logger: deps.logger }),
  // NOTIFY starts runs at once; the poll only catches a notification lost in a reconnect.
  notifyPollingIntervalSeconds: 5,
  // A run holds a workspace and a model stream for minutes, so it has its own limit.
  concurrency: (env) => env.AGENT_RUN_CONCURRENCY,
});
