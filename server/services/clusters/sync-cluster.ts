import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeErrorMessage } from "../../../k8s/client";
import { syncTenantCluster } from "../../../k8s/cluster-sync";
import { DEFAULT_QUOTA } from "../../../k8s/manifests";
import type { QuotaOptions } from "../../../k8s/provision";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { clusterClients } from "./cluster-clients";
import { getCluster } from "./get-cluster";
import { tenantSlug } from "./tenant-namespace";

/**
 * Tests the connection and (re)provisions the namespace; records version, nodes
 * and our namespaces, or the reason it failed. The `cluster.sync` job's work:
 * it makes Kubernetes calls, so it runs outside any transaction.
 */
export async function syncCluster(options: { tenantId: number; clusterId: number; env: Env }) {
  let connected: Awaited<ReturnType<typeof clusterClients>>;
  try {
    connected = await clusterClients(options);
  } catch (error) {
    // A deleted cluster has nothing to record; one the workspace no longer allows says why.
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    await db
      .update(k8sClusters)
      .set({
        status: "error",
        lastSyncedAt: new Date(),
        syncInfo: sql`${k8sClusters.syncInfo} || ${JSON.stringify({ error: (error as Error).message })}::jsonb`,
        updatedAt: new Date(),
      })
      .where(and(eq(k8sClusters.id, options.clusterId), eq(k8sClusters.tenantId, options.tenantId)));
    return getCluster(options);
  }
  const { clients, cluster } = connected;
  const slug = await tenantSlug(options.tenantId);
  const settings = cluster.syncInfo as { quota?: QuotaOptions; allowEgressCidrs?: string[]; dnsEgressCidrs?: string[] };
  try {
    const synced = await syncTenantCluster(clients, {
      tenantSlug: slug,
      quota: settings.quota ?? DEFAULT_QUOTA,
      allowEgressCidrs: settings.allowEgressCidrs,
      dnsEgressCidrs: settings.dnsEgressCidrs,
    });
    const syncInfo = {
      ...settings,
      error: null,
      provisioned: synced.provisioned,
      nodes: synced.nodes,
      namespaces: synced.namespaces,
    };
    await db
      .update(k8sClusters)
      .set({
        status: "ready",
        serverVersion: synced.serverVersion,
        namespace: synced.namespace,
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
