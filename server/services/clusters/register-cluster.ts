import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeClients } from "../../../k8s/client";
import { agentNetworkPolicy, DEFAULT_QUOTA } from "../../../k8s/manifests";
import type { QuotaOptions } from "../../../k8s/provision";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { syncCluster } from "./sync-cluster";
import { checkOutboundUrl } from "../outbound/check-outbound-url";

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
  // The app connects to this address: a private one only when the workspace allows its host.
  await checkOutboundUrl({ tenantId: options.tenantId, env: options.env, url: server, field: "kubeconfig" });
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
