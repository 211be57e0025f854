import type { LookupFunction } from "node:net";
import { assertNoOpenTransaction } from "../db/client";
type KubernetesClient = typeof import("@kubernetes/client-node");

/**
 * The Kubernetes client weighs ~70 MB of heap once imported; most processes never
 * talk to a cluster, so it is loaded on first use rather than at start-up.
 */
let loaded: KubernetesClient | undefined;

async function loadKubernetesClient() {
  loaded ??= await import("@kubernetes/client-node");
  return loaded;
}

export type KubeConnectOptions = {
  /** How the server's name is resolved when connecting (the outbound guard's); unset → dns.lookup. */
  lookup?: LookupFunction;
};

/**
 * The API clients for one cluster, built from a kubeconfig held in memory —
 * the decrypted kubeconfig is never written to disk.
 */
export async function kubeClients(kubeconfig: string, options: KubeConnectOptions = {}) {
  const { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, NetworkingV1Api, RbacAuthorizationV1Api, VersionApi } =
    await loadKubernetesClient();
  const kc = new KubeConfig();
  if (options.lookup) {
    // Every agent the client makes (one per request) resolves the server's name with our lookup.
    // createAgent is private in client-node's types; the clusters test fails if it stops being used.
    const { lookup } = options;
    const agents = kc as unknown as { createAgent(cluster: unknown, agentOptions: object): unknown };
    const createAgent = agents.createAgent.bind(kc);
    agents.createAgent = (cluster, agentOptions) => createAgent(cluster, { ...agentOptions, lookup });
  }
  try {
    kc.loadFromString(kubeconfig);
  } catch (error) {
    throw new Error(`The kubeconfig could not be read: ${(error as Error).message}`);
  }
  const unsafe = unsafeKubeconfigField(kubeconfig, (await import("yaml")).parse);
  if (unsafe)
    throw new Error(
      `The kubeconfig's "${unsafe}" would make the app run a command or read its own files; use inline *-data fields and a token.`,
    );
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("The kubeconfig has no current cluster (set current-context).");
  return {
    server: cluster.server,
    core: guarded(kc.makeApiClient(CoreV1Api)),
    batch: guarded(kc.makeApiClient(BatchV1Api)),
    apps: guarded(kc.makeApiClient(AppsV1Api)),
    rbac: guarded(kc.makeApiClient(RbacAuthorizationV1Api)),
    networking: guarded(kc.makeApiClient(NetworkingV1Api)),
    version: guarded(kc.makeApiClient(VersionApi)),
  };
}

/** An API client whose every call first checks that no database transaction is open. */
function guarded<Api extends object>(api: Api): Api {
  return new Proxy(api, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        assertNoOpenTransaction("Kubernetes");
        return (value as (...args: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Fields that run a program or read a local file when the client connects: a workspace's kubeconfig may carry none. */
const USER_FIELDS = ["exec", "auth-provider", "tokenFile", "client-certificate", "client-key"];
const CLUSTER_FIELDS = ["certificate-authority"];

/** `parse` is yaml's, loaded when a cluster is first connected to rather than with the server. */
function unsafeKubeconfigField(kubeconfig: string, parse: (text: string) => unknown) {
  const config = asRecord(parse(kubeconfig));
  const entries = (key: string, inner: string) =>
    (Array.isArray(config?.[key]) ? (config[key] as unknown[]) : []).map((entry) => asRecord(asRecord(entry)?.[inner]) ?? {});
  for (const user of entries("users", "user")) {
    const field = USER_FIELDS.find((name) => user[name] !== undefined && user[name] !== null);
    if (field) return field;
  }
  for (const cluster of entries("clusters", "cluster")) {
    const field = CLUSTER_FIELDS.find((name) => cluster[name] !== undefined && cluster[name] !== null);
    if (field) return field;
  }
  return null;
}

function asRecord(value: unknown) {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

export type KubeClients = Awaited<ReturnType<typeof kubeClients>>;

/** An API failure; only a loaded client can have thrown one. */
const isApiException = (error: unknown): error is InstanceType<KubernetesClient["ApiException"]> =>
  loaded !== undefined && error instanceof loaded.ApiException;

export const statusOf = (error: unknown) => (isApiException(error) ? error.code : undefined);
export const isNotFound = (error: unknown) => statusOf(error) === 404;

/** A readable reason from a Kubernetes API failure (the Status message when there is one). */
export function kubeErrorMessage(error: unknown) {
  if (isApiException(error)) {
    const body = typeof error.body === "string" ? safeJson(error.body) : error.body;
    const message = (body as { message?: string } | undefined)?.message;
    return `Kubernetes answered ${error.code}${message ? `: ${message}` : ""}`;
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return `Could not reach the cluster: ${(error as Error).message}${cause ? ` (${cause})` : ""}`;
}

function safeJson(text: string) {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
