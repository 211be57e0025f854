import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { k8sClusters } from "../../../db/schema";
import { kubeClients, type KubeClients } from "../../../k8s/client";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { literalRefusal } from "../../net/outbound-policy";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";

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
  const clients = await kubeClients(kubeconfig);
  // Checked at each connect too: the workspace may have removed the host from its allowlist since.
  const refused = literalRefusal(await getOutboundPolicy(options), new URL(clients.server).hostname);
  if (refused) throw new AppError("BAD_REQUEST", `The cluster's server: ${refused.message}`);
  return { clients, cluster };
}
