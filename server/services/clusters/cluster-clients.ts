import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeClients, type KubeClients } from "../../../k8s/client";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { notFound } from "../../errors";
import { guardedLookup } from "../../net/guarded-lookup";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";
import { checkClusterServer } from "./check-cluster-server";

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
  const policy = await getOutboundPolicy(options);
  // The client resolves the server's name as the check does, and checks each address it connects to.
  const clients = await kubeClients(kubeconfig, { lookup: guardedLookup(policy, options.env.DNS_SERVERS) });
  // Checked at each connect too: the workspace may have removed the host from its allowlist since,
  // or the name may resolve to a private address now.
  await checkClusterServer({ tenantId: options.tenantId, env: options.env, server: clients.server });
  return { clients, cluster };
}
