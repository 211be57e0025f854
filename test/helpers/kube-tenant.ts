import { buildTenant } from "../../db/seed";
import { startFakeKubeApiServer } from "../fakes/kube-apiserver";
import { startAgentRuntime } from "./agent-runtime";
import { callerFor } from "./caller";

/**
 * Kubernetes on real parts: the real @kubernetes/client-node against the fake
 * API server (objects, watches, 404/409 like the real one), the fake GitHub,
 * and a tenant whose namespace on the cluster is `ns()`. The app's token gets exactly the RBAC
 * docs/kubernetes.md lists (`rbac: "documented"`): any other call it makes answers 403, so every
 * test on this tenant checks the doc.
 */
export async function startKubeTenant(overrides: Record<string, string> = {}) {
  const runtime = await startAgentRuntime(overrides);
  const kube = await startDocumentedKube();
  const { tenant, admin } = await buildTenant({ name: "Kube Team" });
  const tenantId = tenant.id;
  const userId = admin.id;
  const caller = await callerFor({ userId, tenantId });
  // The fake kube-apiserver listens on loopback, which the outbound guard refuses unless allowed.
  await caller.outbound.add({ host: "127.0.0.1" });
  const ns = () => `al-${tenant.slug}`;
  return { runtime, kube, tenantId, userId, caller, ns };
}

/**
 * The fake API server with the app's documented RBAC. Its `close()` also fails when the app made any call
 * the doc does not grant, so a 403 the product swallows (best-effort log reads, cleanup) still fails the test.
 */
export async function startDocumentedKube() {
  const kube = await startFakeKubeApiServer({ rbac: "documented" });
  const close = kube.close;
  kube.close = async () => {
    await close();
    const denied = kube.calls.filter((call) => !call.allowed);
    if (denied.length > 0)
      throw new Error(
        `the app made Kubernetes calls docs/kubernetes.md does not grant: ${[
          ...new Set(denied.map((call) => `${call.verb} ${call.group || "core"}/${call.resource}`)),
        ].join(", ")}`,
      );
  };
  return kube;
}

export type KubeTenant = Awaited<ReturnType<typeof startKubeTenant>>;

/** Registers the fake API server as the tenant's cluster, as the clusters test does first. */
export async function registerFakeCluster({ caller, kube }: Pick<KubeTenant, "caller" | "kube">) {
  return caller.k8sClusters.register({ name: "fake", kubeconfig: kube.kubeconfig(), quota: { cpu: "4" } });
}
