import { deleteAgentJob } from "../../../k8s/jobs";
import type { Env } from "../../env.server";
import { clusterClients } from "../clusters/cluster-clients";
import { namespaceOf } from "../clusters/tenant-namespace";

/** Cancelling a Kubernetes run deletes its Job (and pods) at once. */
export async function stopKubernetesRun(options: { tenantId: number; runId: number; clusterId: number; env: Env }) {
  const { clients, cluster } = await clusterClients({
    tenantId: options.tenantId,
    clusterId: options.clusterId,
    env: options.env,
  });
  return deleteAgentJob(clients, await namespaceOf(options.tenantId, cluster), options.runId);
}
