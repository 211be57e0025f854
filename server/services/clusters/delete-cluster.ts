import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { notFound } from "../../errors";

/** Deletes a cluster's row, once its namespace is torn down (`teardownClusterNamespace`). */
export async function deleteCluster(options: { tenantId: number; clusterId: number }) {
  const [row] = await db
    .delete(k8sClusters)
    .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)))
    .returning({ id: k8sClusters.id });
  if (!row) throw notFound("Cluster");
  return row;
}
