import { syncCluster } from "../server/services/clusters/sync-cluster";
import { clusterSyncJob } from "./cluster-sync";
import { defineWorker } from "./define-job";

export const clusterSyncWorker = defineWorker(clusterSyncJob, {
  handle: (payload, deps) => syncCluster({ ...payload, env: deps.env }),
});
