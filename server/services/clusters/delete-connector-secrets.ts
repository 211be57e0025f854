import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeErrorMessage } from "../../../k8s/client";
import { deleteGitCredentialSecret } from "../../../k8s/git-credentials";
import { tenantNamespaceName } from "../../../k8s/manifests";
import type { Env } from "../../env.server";
import { clusterClients } from "./cluster-clients";
import { tenantSlug } from "./tenant-namespace";

/** A revoked connector's git credential Secrets go from every cluster of the tenant. */
export async function deleteConnectorSecrets(options: { tenantId: number; connectorId: number; env: Env }) {
  const clusters = await db.select({ id: k8sClusters.id }).from(k8sClusters).where(eq(k8sClusters.tenantId, options.tenantId));
  const namespace = tenantNamespaceName(await tenantSlug(options.tenantId));
  const results: Array<{ clusterId: number; deleted: boolean; error?: string }> = [];
  for (const { id } of clusters) {
    try {
      const { clients } = await clusterClients({ ...options, clusterId: id });
      const deleted = await deleteGitCredentialSecret(clients, namespace, options.connectorId);
      results.push({ clusterId: id, deleted });
    } catch (error) {
      results.push({ clusterId: id, deleted: false, error: kubeErrorMessage(error) });
    }
  }
  return results;
}
