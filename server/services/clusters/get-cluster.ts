import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { notFound } from "../../errors";
import { clusterColumns } from "./cluster-columns";

export async function getCluster(options: { tenantId: number; clusterId: number }) {
  const [row] = await db
    .select(clusterColumns)
    .from(k8sClusters)
    .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)));
  if (!row) throw notFound("Cluster");
  return row;
}
