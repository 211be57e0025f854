import { watchKubernetesRun } from "../server/agents/executors/kubernetes";
import type { JobDeps } from "./define-job";

export async function handleAgentRunWatch(payload: { tenantId: number; runId: number }, deps: JobDeps) {
  return watchKubernetesRun({ ...payload, env: deps.env });
}
