import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { clusterColumns } from "./cluster-columns";

export async function listClusters(options: { tenantId: number }) {
  return db
    .select(clusterColumns)
    .from(k8sClusters)
    .where(eq(k8sClusters.tenantId, options.tenantId))
    .orderBy(asc(k8sClusters.name));
}
