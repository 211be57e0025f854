import { awaitJob } from "../../../jobs/await-job";
import { clusterSyncJob } from "../../../jobs/cluster-sync";
import { getCluster } from "./get-cluster";

/** Long enough for a slow API server; past it the cluster is answered as it stands ("pending") and the job goes on. */
const SYNC_WAIT_MS = 60_000;

/**
 * Waits, outside any transaction, for a queued sync to end and answers with the
 * cluster as it left it: ready, or in error with the reason.
 */
export async function awaitClusterSync(options: { tenantId: number; clusterId: number; syncJobId: string }) {
  await awaitJob(clusterSyncJob, options.syncJobId, { timeoutMs: SYNC_WAIT_MS });
  return getCluster(options);
}
