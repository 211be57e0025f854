import { buildTenant } from "../../db/seed";
import { startFakeKubeApiServer } from "../fakes/kube-apiserver";
import { startAgentRuntime } from "./agent-runtime";
import { callerFor } from "./caller";

/**
 * Kubernetes on real parts: the real @kubernetes/client-node against the fake
 * API server (objects, watches, 404/409 like the real one), the fake GitHub,
 * and a tenant whose namespace on the cluster is `ns()`.
 */
export async function startKubeTenant(overrides: Record<string, string> = {}) {
  const runtime = await startAgentRuntime(overrides);
  const kube = await startFakeKubeApiServer();
  const { tenant, admin } = await buildTenant({ name: "Kube Team" });
  const tenantId = tenant.id;
  const userId = admin.id;
  const caller = await callerFor({ userId, tenantId });
  // The fake kube-apiserver listens on loopback, which the outbound guard refuses unless allowed.
  await caller.outbound.add({ host: "127.0.0.1" });
  const ns = () => `al-${tenant.slug}`;
  return { runtime, kube, tenantId, userId, caller, ns };
}

export type KubeTenant = Awaited<ReturnType<typeof startKubeTenant>>;

/** Registers the fake API server as the tenant's cluster, as the clusters test does first. */
export async function registerFakeCluster({ caller, kube }: Pick<KubeTenant, "caller" | "kube">) {
  return caller.k8sClusters.register({ name: "fake", kubeconfig: kube.kubeconfig(), quota: { cpu: "4" } });
}
