import { sweepStaleRuns } from "../server/services/agent-runs/worker-state";
import type { JobDeps } from "./define-job";

export async function handleAgentRunSweep(_payload: unknown, deps: JobDeps) {
  const result = await sweepStaleRuns({ staleAfterSeconds: deps.env.RUN_STALE_AFTER_SECONDS });
  if (result.failed) deps.logger.warn({ failed: result.failed }, "failed runs whose worker stopped");
  return result;
}
