import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeErrorMessage } from "../../../k8s/client";
import { teardownTenantNamespace } from "../../../k8s/provision";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { clusterClients } from "./cluster-clients";
import { tenantSlug } from "./tenant-namespace";

/** Deletes a cluster: its namespace is torn down first (unless `force` and the cluster is unreachable). */
export async function deleteCluster(options: { tenantId: number; clusterId: number; env: Env; force?: boolean }) {
  const { clients, cluster } = await clusterClients(options);
  try {
    await teardownTenantNamespace(clients, await tenantSlug(options.tenantId));
  } catch (error) {
    if (!options.force)
      throw new AppError(
        "PRECONDITION_FAILED",
        `Could not delete the namespace: ${kubeErrorMessage(error)}. Delete anyway with force.`,
      );
  }
  await db.delete(k8sClusters).where(eq(k8sClusters.id, cluster.id));
  return { id: cluster.id };
}
