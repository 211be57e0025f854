import type { KubeClients } from "./client";
import { LABEL_MANAGED_BY, MANAGED_BY } from "./manifests";
import { provisionTenantNamespace, type QuotaOptions } from "./provision";

/**
 * Tests the connection and (re)provisions the tenant's namespace, then reads what a cluster
 * shows about itself: its version, its nodes and the namespaces we manage (the one just
 * provisioned among them, so they are listed after it).
 */
export async function syncTenantCluster(
  clients: KubeClients,
  options: { tenantSlug: string; quota: QuotaOptions; allowEgressCidrs?: string[]; dnsEgressCidrs?: string[] },
) {
  const version = await clients.version.getCode();
  const provisioned = await provisionTenantNamespace(clients, options);
  const nodes = await clients.core.listNode();
  const namespaces = await clients.core.listNamespace({ labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY}` });
  return {
    serverVersion: version.gitVersion,
    namespace: provisioned.namespace,
    provisioned: provisioned.results,
    nodes: nodes.items.map((node) => ({
      name: node.metadata?.name,
      ready: node.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false,
      cpu: node.status?.capacity?.cpu ?? null,
      memory: node.status?.capacity?.memory ?? null,
    })),
    namespaces: namespaces.items.map((namespace) => namespace.metadata?.name),
  };
}
