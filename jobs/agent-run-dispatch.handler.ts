import { runAgent } from "../server/agents/run-agent";
import type { JobDeps } from "./define-job";

export async function handleAgentRunDispatch(payload: { runId: number; tenantId: number }, deps: JobDeps) {
  return runAgent({ ...payload, env: deps.env, logger: deps.logger });
}
