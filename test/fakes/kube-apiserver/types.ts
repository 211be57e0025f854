// The handle tests hold, and the objects it hands out.

/** A Kubernetes object as JSON: tests index into these freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form JSON, like the wire format
export type KubeObject = Record<string, any>;

export type FakeKubeOptions = {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Bearer token every request must carry; random by default. */
  token?: string;
  /**
   * Also accept requests without a token (a wrong token is still refused). For kubectl: client-go
   * never sends credentials to a plain-http server. Default false.
   */
  allowAnonymous?: boolean;
  /** How long a deleted namespace stays `Terminating` once its content is gone; 0 removes it at once. Default 50. */
  namespaceTerminationMs?: number;
  /** How many changes are kept for watches that start from a resourceVersion; older ones get 410 Gone. Default 10 000. */
  watchHistory?: number;
  /**
   * "documented": the token is the app's own account, bound to the ClusterRoles docs/kubernetes.md lists, and any
   * resource request they do not grant answers 403 Forbidden as the RBAC authorizer does. The admin token
   * (`adminKubeconfig()`) may still do anything, for a test's own setup. Default: no authorization.
   */
  rbac?: "documented";
};

/** One resource request of the app's account, as RBAC sees it: verb, API group ("" for core) and resource ("pods/log"). */
export type KubeCall = {
  verb: "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";
  group: string;
  resource: string;
  namespace: string | null;
  name?: string;
};

export type JobOutcome = "running" | "succeeded" | "failed";

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

export type FakeKube = {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** A kubeconfig (YAML) for this server that `KubeConfig.loadFromString` accepts; the context's namespace defaults to "default". */
  kubeconfig(options?: { namespace?: string }): string;
  /** A kubeconfig for a cluster admin, whom `rbac` never restricts and `calls` does not record. */
  adminKubeconfig(options?: { namespace?: string }): string;
  /** Stored objects of a kind (plural resource name like "jobs"; "Job" and "job" work too), all namespaces unless one is given. */
  objects(kind: string, namespace?: string): KubeObject[];
  get(kind: string, namespace: string | null, name: string): KubeObject | undefined;
  /** Plays the kubelet and the job controller: moves the job's pods to Running/Succeeded/Failed and sets job.status to match. */
  setJobStatus(namespace: string, name: string, outcome: JobOutcome, options?: { message?: string }): void;
  /** Moves one pod to a phase, like the kubelet would (logs can only be read once it has left Pending). */
  setPodPhase(namespace: string, name: string, phase: PodPhase): void;
  /** Sets a pod's whole log; followers (`follow=true`) receive what was appended since the last call. */
  setPodLogs(namespace: string, podName: string, text: string): void;
  appendPodLogs(namespace: string, podName: string, text: string): void;
  /** Every request received, in order (`path` without the query string). */
  requests: Array<{ method: string; path: string; query: string }>;
  /** Every resource request made with the app's token, in order, whether or not it was allowed. */
  calls: Array<KubeCall & { allowed: boolean }>;
  close(): Promise<void>;
};
