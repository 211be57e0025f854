import { ZodRealError } from "zod";
import { kubeClients } from "../../../k8s/client";
import { agentNetworkPolicy, DEFAULT_QUOTA } from "../../../k8s/manifests";
import type { QuotaOptions } from "../../../k8s/provision";
import { getKeyring } from "../../crypto/secrets";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { checkClusterServer } from "./check-cluster-server";

/**
 * Checks what a cluster is registered with — its egress settings, its kubeconfig
 * and the address of its API server — and seals the kubeconfig: the row
 * `registerCluster` stores. Nothing here calls the cluster (its server's name is resolved).
 */
export async function prepareCluster(options: {
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
    // Beside the field it is about (400 with the issue, as the schema's own are answered).
    throw new ZodRealError([{ code: "custom", path: ["kubeconfig"], message: (error as Error).message, input: undefined }]);
  }
  // The app connects to this address: a private one only when the workspace allows its host.
  await checkOutboundUrl({ tenantId: options.tenantId, env: options.env, url: server, field: "kubeconfig" });
  // A name is resolved too: one pointing at a private address is refused like the address.
  await checkClusterServer({ tenantId: options.tenantId, env: options.env, server });
  const sealed = getKeyring(options.env).seal(options.kubeconfig);
  return {
    tenantId: options.tenantId,
    name: options.name,
    kubeconfigCiphertext: sealed.ciphertext,
    kubeconfigKeyId: sealed.keyId,
    serverUrl: server,
    createdBy: options.userId,
    syncInfo: { quota: { ...DEFAULT_QUOTA, ...options.quota }, ...egress },
  };
}

export type PreparedCluster = Awaited<ReturnType<typeof prepareCluster>>;
