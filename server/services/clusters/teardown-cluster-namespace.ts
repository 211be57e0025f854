import { kubeErrorMessage } from "../../../k8s/client";
import { teardownTenantNamespace } from "../../../k8s/provision";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { clusterClients } from "./cluster-clients";
import { tenantSlug } from "./tenant-namespace";

/**
 * Tears down the workspace's namespace on one of its clusters, before the
 * cluster is deleted; with `force`, an unreachable cluster is let go.
 * Kubernetes calls: outside any transaction.
 */
export async function teardownClusterNamespace(options: { tenantId: number; clusterId: number; env: Env; force?: boolean }) {
  const { clients } = await clusterClients(options);
  try {
    await teardownTenantNamespace(clients, await tenantSlug(options.tenantId));
  } catch (error) {
    if (!options.force)
      throw new AppError(
        "PRECONDITION_FAILED",
        `Could not delete the namespace: ${kubeErrorMessage(error)}. Delete anyway with force.`,
      );
  }
}
