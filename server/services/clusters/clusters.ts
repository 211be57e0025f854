import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters, tenants } from "../../../db/schema";
import { kubeClients, kubeErrorMessage, type KubeClients } from "../../../k8s/client";
import {
  agentNetworkPolicy,
  DEFAULT_QUOTA,
  LABEL_MANAGED_BY,
  MANAGED_BY,
  gitCredentialSecretName,
  tenantNamespaceName,
} from "../../../k8s/manifests";
import { deleteIfPresent, provisionTenantNamespace, teardownTenantNamespace, type QuotaOptions } from "../../../k8s/provision";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";

export const clusterColumns = {
  id: k8sClusters.id,
  name: k8sClusters.name,
  serverUrl: k8sClusters.serverUrl,
  serverVersion: k8sClusters.serverVersion,
  status: k8sClusters.status,
  namespace: k8sClusters.namespace,
  lastSyncedAt: k8sClusters.lastSyncedAt,
  syncInfo: k8sClusters.syncInfo,
  createdAt: k8sClusters.createdAt,
};

/** The workspace slug, which names its namespace `al-{slug}`. */
export async function tenantSlug(tenantId: number) {
  const [tenant] = await db.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Workspace");
  return tenant.slug;
}

/**
 * The tenant's namespace on a cluster: the one recorded when it was provisioned, else `al-{slug}`
 * (the slug is looked up only when needed and not given).
 */
export async function namespaceOf(tenantId: number, cluster: { namespace: string | null }, slug?: string) {
  return cluster.namespace ?? tenantNamespaceName(slug ?? (await tenantSlug(tenantId)));
}

/** The API clients of one of the tenant's clusters, from its decrypted kubeconfig (in memory only). */
export async function clusterClients(options: {
  tenantId: number;
  clusterId: number;
  env: Env;
}): Promise<{ clients: KubeClients; cluster: typeof k8sClusters.$inferSelect }> {
  const [cluster] = await db
    .select()
    .from(k8sClusters)
    .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)));
  if (!cluster) throw notFound("Cluster");
  const kubeconfig = getKeyring(options.env).open({ ciphertext: cluster.kubeconfigCiphertext, keyId: cluster.kubeconfigKeyId });
  return { clients: await kubeClients(kubeconfig), cluster };
}

/**
 * Registers a cluster: the kubeconfig is checked, sealed and stored; then the
 * connection is tested and the tenant's namespace provisioned (sync).
 */
export async function registerCluster(options: {
  tenantId: number;
  userId: number;
  env: Env;
  name: string;
  kubeconfig: string;
  quota?: Partial<QuotaOptions>;
  allowEgressCidrs?: string[];
  dnsEgressCidrs?: string[];
}) {
  const egress = { allowEgressCidrs: options.allowEgressCidrs ?? [], dnsEgressCidrs: options.dnsEgressCidrs ?? [] };
  try {
    agentNetworkPolicy({ namespace: "al-check", tenantSlug: "check", ...egress });
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
  let server: string;
  try {
    server = (await kubeClients(options.kubeconfig)).server;
  } catch (error) {
    throw new AppError("BAD_REQUEST", (error as Error).message);
  }
  const sealed = getKeyring(options.env).seal(options.kubeconfig);
  const [row] = await db
    .insert(k8sClusters)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      kubeconfigCiphertext: sealed.ciphertext,
      kubeconfigKeyId: sealed.keyId,
      serverUrl: server,
      createdBy: options.userId,
      syncInfo: { quota: { ...DEFAULT_QUOTA, ...options.quota }, ...egress },
    })
    .onConflictDoNothing()
    .returning({ id: k8sClusters.id });
  if (!row) throw new AppError("CONFLICT", `A cluster named "${options.name}" is already registered.`);
  return syncCluster({ tenantId: options.tenantId, clusterId: row.id, env: options.env });
}

/** Tests the connection and (re)provisions the namespace; records version, nodes and our namespaces. */
export async function syncCluster(options: { tenantId: number; clusterId: number; env: Env }) {
  const { clients, cluster } = await clusterClients(options);
  const slug = await tenantSlug(options.tenantId);
  const settings = cluster.syncInfo as { quota?: QuotaOptions; allowEgressCidrs?: string[]; dnsEgressCidrs?: string[] };
  try {
    const version = await clients.version.getCode();
    const provisioned = await provisionTenantNamespace(clients, {
      tenantSlug: slug,
      quota: settings.quota ?? DEFAULT_QUOTA,
      allowEgressCidrs: settings.allowEgressCidrs,
      dnsEgressCidrs: settings.dnsEgressCidrs,
    });
    const nodes = await clients.core.listNode();
    const namespaces = await clients.core.listNamespace({ labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY}` });
    const syncInfo = {
      ...settings,
      error: null,
      provisioned: provisioned.results,
      nodes: nodes.items.map((node) => ({
        name: node.metadata?.name,
        ready: node.status?.conditions?.some((condition) => condition.type === "Ready" && condition.status === "True") ?? false,
        cpu: node.status?.capacity?.cpu ?? null,
        memory: node.status?.capacity?.memory ?? null,
      })),
      namespaces: namespaces.items.map((namespace) => namespace.metadata?.name),
    };
    await db
      .update(k8sClusters)
      .set({
        status: "ready",
        serverVersion: version.gitVersion,
        namespace: provisioned.namespace,
        lastSyncedAt: new Date(),
        syncInfo,
        updatedAt: new Date(),
      })
      .where(eq(k8sClusters.id, cluster.id));
  } catch (error) {
    await db
      .update(k8sClusters)
      .set({
        status: "error",
        lastSyncedAt: new Date(),
        syncInfo: { ...settings, error: kubeErrorMessage(error) },
        updatedAt: new Date(),
      })
      .where(eq(k8sClusters.id, cluster.id));
  }
  return getCluster(options);
}

export async function listClusters(options: { tenantId: number }) {
  return db
    .select(clusterColumns)
    .from(k8sClusters)
    .where(eq(k8sClusters.tenantId, options.tenantId))
    .orderBy(asc(k8sClusters.name));
}

export async function getCluster(options: { tenantId: number; clusterId: number }) {
  const [row] = await db
    .select(clusterColumns)
    .from(k8sClusters)
    .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)));
  if (!row) throw notFound("Cluster");
  return row;
}

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

/** A revoked connector's git credential Secrets go from every cluster of the tenant. */
export async function deleteConnectorSecrets(options: { tenantId: number; connectorId: number; env: Env }) {
  const clusters = await db.select({ id: k8sClusters.id }).from(k8sClusters).where(eq(k8sClusters.tenantId, options.tenantId));
  const namespace = tenantNamespaceName(await tenantSlug(options.tenantId));
  const results: Array<{ clusterId: number; deleted: boolean; error?: string }> = [];
  for (const { id } of clusters) {
    try {
      const { clients } = await clusterClients({ ...options, clusterId: id });
      const deleted = await deleteIfPresent(() =>
        clients.core.deleteNamespacedSecret({ name: gitCredentialSecretName(options.connectorId), namespace }),
      );
      results.push({ clusterId: id, deleted });
    } catch (error) {
      results.push({ clusterId: id, deleted: false, error: kubeErrorMessage(error) });
    }
  }
  return results;
}
