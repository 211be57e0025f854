import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { documentedRules } from "../../helpers/documented-rbac";
import { Cluster } from "./cluster";
import { clone } from "./objects";
import { resourceNamed } from "./resources";
import { handleRequest, sendError } from "./routes";
import type { FakeKube, FakeKubeOptions } from "./types";

/**
 * A local stand-in for the Kubernetes API server, speaking its REST wire format closely enough
 * that the real `@kubernetes/client-node` (typed API clients, `Watch`, `Log`, informers) can be
 * pointed at it through a kubeconfig (`fake.kubeconfig()`).
 *
 * It keeps objects in memory with the server-owned metadata a real cluster adds (uid, a global
 * resourceVersion, creationTimestamp, generation), answers errors as `Status` objects with the
 * real codes and reasons, streams watches as newline-delimited JSON, and validates the mistakes a
 * real server rejects most often (names, label values, a Job's restartPolicy, immutable fields).
 *
 * The controllers a cluster runs are reduced to what tests need, and act synchronously so tests
 * need not poll: creating a Job creates its Pod at once; `setJobStatus` plays the kubelet and the
 * job controller; Deployments report their replicas ready as soon as they are written; a deleted
 * namespace loses its content at once and disappears after `namespaceTerminationMs`.
 *
 * Deliberate differences from a real cluster: no authorization unless `rbac: "documented"` (then the
 * token gets exactly the app's ClusterRoles from docs/kubernetes.md, and non-resource paths such as /version and
 * discovery stay open as on a default cluster), no admission beyond namespace lifecycle (no Pod Security, no quota enforcement), a
 * strategic merge patch is applied as a JSON merge patch (lists are replaced, never merged by key),
 * server-side apply is refused (415), deleted pods go away without a grace period, and field
 * selectors accept any dotted path rather than the few fields each resource indexes.
 */
export async function startFakeKubeApiServer(options: FakeKubeOptions = {}): Promise<FakeKube> {
  const token = options.token ?? `fake-kube-${randomBytes(16).toString("hex")}`;
  const cluster = new Cluster(options.namespaceTerminationMs ?? 50, options.watchHistory ?? 10_000);
  cluster.seed();
  const adminToken = `fake-kube-admin-${randomBytes(16).toString("hex")}`;
  const requests: FakeKube["requests"] = [];
  const calls: FakeKube["calls"] = [];
  const rules = options.rbac === "documented" ? Object.values(documentedRules()).flat() : undefined;
  const auth = {
    token,
    adminToken,
    allowAnonymous: options.allowAnonymous ?? false,
    rules,
    onCall: (call: FakeKube["calls"][number]) => calls.push(call),
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake-kube");
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.search.slice(1) });
    handleRequest(cluster, auth, req, res, url).catch((error: unknown) =>
      sendError(res, error),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    token,
    kubeconfig: ({ namespace } = {}) => kubeconfigYaml(url, token, namespace ?? "default"),
    adminKubeconfig: ({ namespace } = {}) => kubeconfigYaml(url, adminToken, namespace ?? "default"),
    objects: (kind, namespace) => cluster.list(resourceNamed(kind), namespace ?? null).map(clone),
    get: (kind, namespace, name) => {
      const found = cluster.find(resourceNamed(kind), namespace, name);
      return found && clone(found);
    },
    setJobStatus: (namespace, name, outcome, jobOptions) => cluster.setJobStatus(namespace, name, outcome, jobOptions?.message),
    setPodPhase: (namespace, name, phase) => cluster.setPodPhase(namespace, name, phase),
    setPodLogs: (namespace, podName, text) => cluster.setPodLogs(namespace, podName, text),
    appendPodLogs: (namespace, podName, text) =>
      cluster.setPodLogs(namespace, podName, cluster.podLog(namespace, podName) + text),
    requests,
    calls,
    close: async () => {
      cluster.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function kubeconfigYaml(url: string, token: string, namespace: string): string {
  // Strings are written as JSON, which YAML reads as double-quoted scalars.
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: fake-kube",
    "    cluster:",
    `      server: ${JSON.stringify(url)}`,
    "      # client-node refuses a plain-http server unless TLS verification is off",
    "      insecure-skip-tls-verify: true",
    "users:",
    "  - name: fake-kube-user",
    "    user:",
    `      token: ${JSON.stringify(token)}`,
    "contexts:",
    "  - name: fake-kube",
    "    context:",
    "      cluster: fake-kube",
    "      user: fake-kube-user",
    `      namespace: ${JSON.stringify(namespace)}`,
    "current-context: fake-kube",
    "",
  ].join("\n");
}
