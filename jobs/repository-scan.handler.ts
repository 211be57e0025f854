import { scanRepositoryConfigs } from "../server/services/repositories/scan-configs";
import type { JobDeps } from "./define-job";

export async function handleRepositoryScan(payload: { tenantId: number; repositoryId: number }, deps: JobDeps) {
  return scanRepositoryConfigs({ ...payload, env: deps.env });
}
