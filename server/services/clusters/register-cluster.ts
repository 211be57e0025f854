import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { clusterSyncJob } from "../../../jobs/cluster-sync";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { AppError } from "../../errors";
import type { PreparedCluster } from "./prepare-cluster";

/**
 * Stores a prepared cluster and queues its first sync in one transaction: the
 * sync (the Kubernetes calls) runs in the `cluster.sync` job once the row has
 * committed, and is not lost if this process stops before it runs.
 */
export async function registerCluster(cluster: PreparedCluster) {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(k8sClusters).values(cluster).onConflictDoNothing().returning({ id: k8sClusters.id });
    if (!row) throw new AppError("CONFLICT", `A cluster named "${cluster.name}" is already registered.`);
    const syncJobId = await sendJob(getBoss(), clusterSyncJob, { tenantId: cluster.tenantId, clusterId: row.id }, { tx });
    if (!syncJobId) throw new Error(`pg-boss did not accept the sync of cluster ${row.id}.`);
    return { id: row.id, syncJobId };
  });
}
