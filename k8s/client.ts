import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  RbacAuthorizationV1Api,
  VersionApi,
} from "@kubernetes/client-node";

/**
 * The API clients for one cluster, built from a kubeconfig held in memory —
 * the decrypted kubeconfig is never written to disk.
 */
export function kubeClients(kubeconfig: string) {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(kubeconfig);
  } catch (error) {
    throw new Error(`The kubeconfig could not be read: ${(error as Error).message}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("The kubeconfig has no current cluster (set current-context).");
  return {
    server: cluster.server,
    core: kc.makeApiClient(CoreV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    rbac: kc.makeApiClient(RbacAuthorizationV1Api),
    networking: kc.makeApiClient(NetworkingV1Api),
    version: kc.makeApiClient(VersionApi),
  };
}

export type KubeClients = ReturnType<typeof kubeClients>;

export const statusOf = (error: unknown) => (error instanceof ApiException ? error.code : undefined);
export const isNotFound = (error: unknown) => statusOf(error) === 404;

/** A readable reason from a Kubernetes API failure (the Status message when there is one). */
export function kubeErrorMessage(error: unknown) {
  if (error instanceof ApiException) {
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
