import { scanRepositoryConfigs } from "../server/services/repositories/scan-repository-configs";
import { defineWorker } from "./define-job";
import { repositoryScanJob } from "./repository-scan";

export const repositoryScanWorker = defineWorker(repositoryScanJob, {
  handle: (payload, deps) => scanRepositoryConfigs({ ...payload, env: deps.env }),
});
