import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { clusterSyncJob } from "../../../jobs/cluster-sync";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { notFound } from "../../errors";

/** Queues a sync of one of the tenant's clusters; the `cluster.sync` job makes the Kubernetes calls. */
export async function requestClusterSync(options: { tenantId: number; clusterId: number }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: k8sClusters.id })
      .from(k8sClusters)
      .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)))
      .for("update");
    if (!row) throw notFound("Cluster");
    const syncJobId = await sendJob(getBoss(), clusterSyncJob, { tenantId: options.tenantId, clusterId: row.id }, { tx });
    if (!syncJobId) throw new Error(`pg-boss did not accept the sync of cluster ${row.id}.`);
    return { id: row.id, syncJobId };
  });
}
