// The cluster's state: objects, revisions and watch history, and the controllers tests drive.
import { randomBytes, randomUUID } from "node:crypto";
import type http from "node:http";
import { isDeepStrictEqual } from "node:util";
import { defaultDeployment, DEPLOYMENTS, deploymentStatus } from "./apps";
import { defaultJob, JOBS, jobStatus } from "./batch";
import {
  defaultNamespace,
  defaultPodSpec,
  defaultSecret,
  defaultService,
  NAMESPACES,
  NODE_IP,
  NODE_NAME,
  NODES,
  PODS,
  podStatus,
  RESOURCE_QUOTAS,
  resourceQuotaStatus,
  SECRETS,
  SERVICE_ACCOUNTS,
  SERVICES,
} from "./core";
import {
  alreadyExists,
  badRequest,
  conflict,
  fieldRequired,
  forbidden,
  invalid,
  KubeError,
  notFound,
  resourceDetails,
  staleObject,
} from "./errors";
import { defaultNetworkPolicy, INGRESSES, NETWORK_POLICIES } from "./networking";
import { clone, dropEmptyLists, isObject, specOf, timestamp } from "./objects";
import { applyPatch } from "./patch";
import { apiVersionOf, type ResourceType } from "./resource-type";
import { RESOURCES } from "./resources";
import type { JobOutcome, KubeObject, PodPhase } from "./types";
import { validate } from "./validation";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export type StoredEvent = { type: WatchEventType; revision: number; rt: ResourceType; object: KubeObject; previous?: KubeObject };

type Watcher = { rt: ResourceType; deliver(event: StoredEvent): void; end(): void };

export type DeleteOptions = {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
};

type Propagation = "Orphan" | "Background" | "Foreground";

const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

export class Cluster {
  private revision = 0;
  private readonly tables = new Map<ResourceType, Map<string, KubeObject>>();
  private readonly history: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly logs = new Map<string, string>();
  private readonly logFollowers = new Map<string, Set<http.ServerResponse>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private serviceIps = 10;
  private podIps = 10;

  constructor(
    private readonly namespaceTerminationMs: number,
    /** Watches further back than this many changes get 410 Gone, as after etcd compaction. */
    private readonly historyLimit: number,
  ) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  /** What a fresh cluster has: its namespaces and one Ready node. */
  seed(): void {
    for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"])
      this.create(NAMESPACES, null, { metadata: { name } });
    const node = this.create(NODES, null, {
      metadata: {
        name: NODE_NAME,
        labels: { "kubernetes.io/hostname": NODE_NAME, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" },
      },
      spec: { podCIDR: "10.244.0.0/24" },
    });
    const resources = { cpu: "8", memory: "32Gi", pods: "110", "ephemeral-storage": "100Gi" };
    const now = timestamp();
    this.writeStatus(NODES, node.metadata.name, null, {
      capacity: resources,
      allocatable: resources,
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: "InternalIP", address: NODE_IP },
        { type: "Hostname", address: NODE_NAME },
      ],
      nodeInfo: {
        kubeletVersion: "v1.31.0-fake",
        kubeProxyVersion: "v1.31.0-fake",
        operatingSystem: "linux",
        architecture: "amd64",
        osImage: "Fake Linux",
        containerRuntimeVersion: "containerd://1.7.0",
        kernelVersion: "6.1.0",
      },
    });
  }

  // --- reads -------------------------------------------------------------------------------

  private table(rt: ResourceType): Map<string, KubeObject> {
    let table = this.tables.get(rt);
    if (!table) this.tables.set(rt, (table = new Map()));
    return table;
  }

  find(rt: ResourceType, namespace: string | null, name: string): KubeObject | undefined {
    return this.table(rt).get(`${rt.namespaced ? (namespace ?? "") : ""}/${name}`);
  }

  mustFind(rt: ResourceType, namespace: string | null, name: string): KubeObject {
    const found = this.find(rt, namespace, name);
    if (!found) throw notFound(rt, name);
    return found;
  }

  /** Objects in key order (namespace, then name), like etcd; `null` means every namespace. */
  list(rt: ResourceType, namespace: string | null): KubeObject[] {
    return [...this.table(rt).entries()]
      .filter(([, object]) => namespace === null || object.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => object);
  }

  // --- the one place objects change: bumps the revision and records a watch event ---------

  private write(rt: ResourceType, object: KubeObject, type: WatchEventType, previous?: KubeObject): void {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const key = `${object.metadata.namespace ?? ""}/${object.metadata.name}`;
    if (type === "DELETED") this.table(rt).delete(key);
    else this.table(rt).set(key, object);
    const event: StoredEvent = {
      type,
      revision: this.revision,
      rt,
      object: clone(object),
      previous: previous && clone(previous),
    };
    this.history.push(event);
    if (this.history.length > this.historyLimit) this.history.shift();
    for (const watcher of this.watchers) watcher.deliver(event);
    if (rt === PODS) this.podWritten(object, type);
  }

  // --- create ------------------------------------------------------------------------------

  /** The body as stored: kind and apiVersion filled in (clients may leave them out), checked against the URL. */
  private incoming(rt: ResourceType, body: unknown): KubeObject {
    if (!isObject(body)) throw badRequest(`the body of the request must be a ${rt.kind} object`);
    const { kind, apiVersion, metadata, ...rest } = clone(body);
    if (apiVersion !== undefined && apiVersion !== apiVersionOf(rt)) {
      throw badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${apiVersionOf(rt)})`,
      );
    }
    if (kind !== undefined && kind !== rt.kind)
      throw badRequest(`the kind in the data (${kind}) does not match the expected kind (${rt.kind})`);
    return { kind: rt.kind, apiVersion: apiVersionOf(rt), metadata: isObject(metadata) ? metadata : {}, ...rest };
  }

  /** NamespaceLifecycle admission: no content in a missing or terminating namespace. */
  private admitNamespace(rt: ResourceType, namespace: string, name: string): void {
    const ns = this.find(NAMESPACES, null, namespace);
    if (!ns) throw notFound(NAMESPACES, namespace);
    if (ns.status?.phase === "Terminating") {
      throw forbidden(rt, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  /** metadata.generateName plus five characters from the alphabet Kubernetes uses. */
  private generateName(rt: ResourceType, namespace: string | null, prefix: string): string {
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    for (;;) {
      const suffix = Array.from(randomBytes(5), (byte) => alphabet[byte % alphabet.length]).join("");
      const name = `${prefix.slice(0, 58)}${suffix}`;
      if (!this.find(rt, namespace, name)) return name;
    }
  }

  create(rt: ResourceType, namespace: string | null, body: unknown, dryRun = false): KubeObject {
    const object = this.incoming(rt, body);
    const meta = object.metadata;
    if (rt.namespaced) {
      if (meta.namespace && meta.namespace !== namespace)
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      meta.namespace = namespace;
      this.admitNamespace(rt, namespace ?? "", meta.name ?? meta.generateName ?? "");
    } else delete meta.namespace;
    if (!meta.name) {
      if (!meta.generateName) throw invalid(rt, "", [fieldRequired("metadata.name", "name or generateName is required")]);
      meta.name = this.generateName(rt, namespace, String(meta.generateName));
    }
    // Fields only the server sets.
    for (const key of ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds"]) delete meta[key];
    Object.assign(meta, { uid: randomUUID(), creationTimestamp: timestamp(), generation: 1 });
    if (rt.hasStatus) delete object.status;
    this.applyDefaults(rt, object);
    validate(rt, object);
    if (this.find(rt, namespace, meta.name)) throw alreadyExists(rt, meta.name);
    const status = this.initialStatus(rt, object);
    if (status) object.status = status;
    if (dryRun) return clone(object);
    this.write(rt, object, "ADDED");
    this.afterCreate(rt, object);
    return clone(object);
  }

  private applyDefaults(rt: ResourceType, object: KubeObject, old?: KubeObject): void {
    if (rt === NAMESPACES) defaultNamespace(object);
    if (rt === SECRETS) defaultSecret(object);
    if (rt === SERVICES)
      defaultService(object, old, () => `10.96.${Math.floor(this.serviceIps / 256)}.${this.serviceIps++ % 256}`);
    if (rt === PODS) {
      defaultPodSpec(object.spec);
      if (isObject(object.spec)) object.spec.serviceAccountName ??= "default";
    }
    if (rt === JOBS) defaultJob(object);
    if (rt === DEPLOYMENTS) defaultDeployment(object);
    if (rt === NETWORK_POLICIES) defaultNetworkPolicy(object);
    dropEmptyLists(object);
  }

  private initialStatus(rt: ResourceType, object: KubeObject): KubeObject | undefined {
    switch (rt) {
      case NAMESPACES:
        return { phase: "Active" };
      case PODS:
        return podStatus(object, "Pending", "");
      case SERVICES:
      case INGRESSES:
        return { loadBalancer: {} };
      case RESOURCE_QUOTAS:
        return resourceQuotaStatus(object);
      case DEPLOYMENTS:
        return deploymentStatus(object, undefined);
      case JOBS:
        // The job controller starts an unsuspended job's pod straight away (see afterCreate).
        return object.spec.suspend ? {} : { active: 1, ready: 0, startTime: timestamp() };
      default:
        return undefined;
    }
  }

  private afterCreate(rt: ResourceType, object: KubeObject): void {
    // The service account controller gives every namespace a "default" account.
    if (rt === NAMESPACES) this.create(SERVICE_ACCOUNTS, object.metadata.name, { metadata: { name: "default" } });
    if (rt === JOBS && !object.spec.suspend) this.createJobPod(object);
  }

  private createJobPod(job: KubeObject): void {
    const template: KubeObject = job.spec.template ?? {};
    this.create(PODS, job.metadata.namespace, {
      metadata: {
        generateName: `${job.metadata.name}-`,
        labels: { ...template.metadata?.labels },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [
          {
            apiVersion: "batch/v1",
            kind: "Job",
            name: job.metadata.name,
            uid: job.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: clone(template.spec),
    });
  }

  // --- update (PUT, and PATCH once the patch is applied) -----------------------------------

  update(
    rt: ResourceType,
    namespace: string | null,
    name: string,
    body: unknown,
    subresource: string | undefined,
    dryRun = false,
  ): KubeObject {
    const existing = this.mustFind(rt, namespace, name);
    const proposed = this.incoming(rt, body);
    if (proposed.metadata.name !== name) {
      throw badRequest(`the name of the object (${proposed.metadata.name ?? ""}) does not match the name on the URL (${name})`);
    }
    if (rt.namespaced && proposed.metadata.namespace && proposed.metadata.namespace !== namespace) {
      throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    // Optimistic concurrency: a resourceVersion in the body must be the current one; none means "unconditionally".
    const expected = proposed.metadata.resourceVersion;
    if (expected !== undefined && expected !== "" && expected !== existing.metadata.resourceVersion) throw staleObject(rt, name);

    const next = subresource === "status" ? { ...clone(existing), status: proposed.status } : proposed;
    next.metadata = { ...next.metadata, ...this.systemMetadata(existing) };
    if (rt.hasStatus && subresource !== "status") {
      if (existing.status === undefined) delete next.status;
      else next.status = clone(existing.status);
    }
    if (!isDeepStrictEqual(specOf(next), specOf(existing))) next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    this.applyDefaults(rt, next, existing);
    validate(rt, next, existing);
    if (rt === DEPLOYMENTS && subresource !== "status") next.status = deploymentStatus(next, existing.status);
    if (rt === RESOURCE_QUOTAS && subresource !== "status") next.status = resourceQuotaStatus(next);
    // A no-op update changes nothing, not even the resourceVersion, and sends no event.
    if (isDeepStrictEqual(next, existing)) return clone(existing);
    if (dryRun) return clone(next);
    this.write(rt, next, "MODIFIED", existing);
    this.afterUpdate(rt, next, existing);
    return clone(next);
  }

  /** The metadata an update cannot change. */
  private systemMetadata(existing: KubeObject): KubeObject {
    const meta = existing.metadata;
    const kept: KubeObject = {
      name: meta.name,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
      generation: meta.generation,
    };
    if (meta.namespace !== undefined) kept.namespace = meta.namespace;
    if (meta.deletionTimestamp !== undefined) kept.deletionTimestamp = meta.deletionTimestamp;
    return kept;
  }

  private afterUpdate(rt: ResourceType, next: KubeObject, existing: KubeObject): void {
    // Resuming a suspended job that never ran starts its pod.
    if (rt === JOBS && existing.spec.suspend && !next.spec.suspend && !next.status?.startTime) {
      this.writeStatus(JOBS, next.metadata.name, next.metadata.namespace, {
        ...next.status,
        active: 1,
        ready: 0,
        startTime: timestamp(),
      });
      this.createJobPod(next);
    }
  }

  patch(
    rt: ResourceType,
    namespace: string | null,
    name: string,
    contentType: string,
    body: unknown,
    subresource: string | undefined,
    dryRun = false,
  ): KubeObject {
    const existing = this.mustFind(rt, namespace, name);
    const patched = applyPatch(clone(existing), contentType, body);
    return this.update(rt, namespace, name, patched, subresource, dryRun);
  }

  /** Controllers' own status writes. */
  private writeStatus(rt: ResourceType, name: string, namespace: string | null, status: KubeObject): void {
    const existing = this.mustFind(rt, namespace, name);
    this.write(rt, { ...clone(existing), status }, "MODIFIED", existing);
  }

  // --- delete ------------------------------------------------------------------------------

  delete(rt: ResourceType, namespace: string | null, name: string, options: DeleteOptions, dryRun = false): KubeObject {
    const existing = this.mustFind(rt, namespace, name);
    this.checkPreconditions(rt, existing, options.preconditions);
    const policy = propagationOf(rt, options);
    if (rt === NAMESPACES) return dryRun ? clone(existing) : this.terminateNamespace(existing);
    const gone = clone(existing);
    if (rt === PODS || policy === "Foreground") gone.metadata.deletionTimestamp = timestamp();
    if (rt === PODS)
      gone.metadata.deletionGracePeriodSeconds = options.gracePeriodSeconds ?? existing.spec?.terminationGracePeriodSeconds ?? 30;
    if (policy === "Foreground") gone.metadata.finalizers = [...(gone.metadata.finalizers ?? []), "foregroundDeletion"];
    if (!dryRun) {
      this.write(rt, clone(gone), "DELETED");
      this.collectDependents(existing.metadata.uid, policy);
    }
    // Graceful and foreground deletions answer with the object; so do a few registries (services).
    if (rt.deleteReturnsObject || policy === "Foreground") return gone;
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { ...resourceDetails(rt, name), uid: existing.metadata.uid },
    };
  }

  private checkPreconditions(rt: ResourceType, existing: KubeObject, preconditions: DeleteOptions["preconditions"]): void {
    const { uid, resourceVersion } = preconditions ?? {};
    if (uid && uid !== existing.metadata.uid) {
      throw conflict(
        rt,
        existing.metadata.name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (resourceVersion && resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(
        rt,
        existing.metadata.name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
  }

  /** The garbage collector: dependents (by ownerReferences) go too, or lose their owner reference when orphaned. */
  private collectDependents(ownerUid: string, policy: Propagation): void {
    for (const rt of RESOURCES) {
      for (const dependent of this.list(rt, null)) {
        const owners: KubeObject[] = dependent.metadata.ownerReferences ?? [];
        if (!owners.some((owner) => owner.uid === ownerUid)) continue;
        if (policy === "Orphan") {
          const next = clone(dependent);
          const remaining = owners.filter((owner) => owner.uid !== ownerUid);
          if (remaining.length > 0) next.metadata.ownerReferences = remaining;
          else delete next.metadata.ownerReferences;
          this.write(rt, next, "MODIFIED", dependent);
        } else {
          this.write(rt, clone(dependent), "DELETED");
          this.collectDependents(dependent.metadata.uid, policy);
        }
      }
    }
  }

  /** The namespace turns Terminating, its content goes at once, and it disappears after a short while. */
  private terminateNamespace(namespace: KubeObject): KubeObject {
    const name: string = namespace.metadata.name;
    if (namespace.status?.phase === "Terminating") {
      throw conflict(
        NAMESPACES,
        name,
        "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
      );
    }
    if (PROTECTED_NAMESPACES.has(name)) throw forbidden(NAMESPACES, name, "this namespace may not be deleted");
    const terminating = clone(namespace);
    terminating.metadata.deletionTimestamp = timestamp();
    terminating.status = { phase: "Terminating" };
    this.write(NAMESPACES, terminating, "MODIFIED", namespace);
    for (const rt of RESOURCES.filter((candidate) => candidate.namespaced)) {
      for (const object of this.list(rt, name)) this.write(rt, clone(object), "DELETED");
    }
    const purge = () => {
      const current = this.find(NAMESPACES, null, name);
      if (current) this.write(NAMESPACES, clone({ ...current, spec: { finalizers: [] } }), "DELETED");
    };
    const response = clone(terminating);
    if (this.namespaceTerminationMs <= 0) purge();
    else {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        purge();
      }, this.namespaceTerminationMs);
      this.timers.add(timer);
    }
    return response;
  }

  // --- watch -------------------------------------------------------------------------------

  subscribe(watcher: Watcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Changes after a resourceVersion, or undefined when it is older than the history kept (410 Gone). */
  eventsAfter(revision: number): StoredEvent[] | undefined {
    const oldest = this.history[0]?.revision ?? this.revision + 1;
    if (revision < oldest - 1) return undefined;
    return this.history.filter((event) => event.revision > revision);
  }

  // --- the kubelet and the job controller, driven by tests ----------------------------------

  setJobStatus(namespace: string, name: string, outcome: JobOutcome, message?: string): void {
    const job = this.find(JOBS, namespace, name);
    if (!job) throw new Error(`fake kube-apiserver: no job ${namespace}/${name}`);
    const phase: PodPhase = outcome === "running" ? "Running" : outcome === "succeeded" ? "Succeeded" : "Failed";
    // Pods first, as on a cluster: the job controller reacts to its pods.
    for (const pod of this.list(PODS, namespace)) {
      const owned = (pod.metadata.ownerReferences ?? []).some((owner: KubeObject) => owner.uid === job.metadata.uid);
      if (owned) this.setPodPhase(namespace, pod.metadata.name, phase, outcome === "failed" ? message : undefined);
    }
    this.writeStatus(JOBS, name, namespace, jobStatus(job, outcome, message));
  }

  setPodPhase(namespace: string, name: string, phase: PodPhase, message?: string): void {
    const pod = this.find(PODS, namespace, name);
    if (!pod) throw new Error(`fake kube-apiserver: no pod ${namespace}/${name}`);
    const next = clone(pod);
    if (phase !== "Pending") next.spec.nodeName ??= NODE_NAME;
    next.status = podStatus(next, phase, `10.244.0.${this.podIps++ % 250}`, message);
    this.write(PODS, next, "MODIFIED", pod);
  }

  // --- pod logs ----------------------------------------------------------------------------

  podLog(namespace: string, podName: string): string {
    return this.logs.get(`${namespace}/${podName}`) ?? "";
  }

  setPodLogs(namespace: string, podName: string, text: string): void {
    const key = `${namespace}/${podName}`;
    const previous = this.logs.get(key) ?? "";
    this.logs.set(key, text);
    const appended = text.startsWith(previous) ? text.slice(previous.length) : text;
    if (appended === "") return;
    for (const follower of this.logFollowers.get(key) ?? []) follower.write(appended);
  }

  followLogs(namespace: string, podName: string, response: http.ServerResponse): void {
    const key = `${namespace}/${podName}`;
    let followers = this.logFollowers.get(key);
    if (!followers) this.logFollowers.set(key, (followers = new Set()));
    followers.add(response);
    response.on("close", () => followers.delete(response));
  }

  /** A follow stream ends when its pod's containers have stopped or the pod is gone. */
  private podWritten(pod: KubeObject, type: WatchEventType): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const phase = pod.status?.phase;
    if (type !== "DELETED" && phase !== "Succeeded" && phase !== "Failed") return;
    for (const follower of this.logFollowers.get(key) ?? []) follower.end();
    this.logFollowers.delete(key);
    if (type === "DELETED") this.logs.delete(key);
  }

  shutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const watcher of this.watchers) watcher.end();
    this.watchers.clear();
    for (const followers of this.logFollowers.values()) for (const follower of followers) follower.end();
    this.logFollowers.clear();
  }
}

/** Jobs default to orphaning their pods (kept for compatibility by batch/v1); everything else to background. */
function propagationOf(rt: ResourceType, options: DeleteOptions): Propagation {
  const policy = options.propagationPolicy;
  if (policy !== undefined) {
    if (policy === "Orphan" || policy === "Background" || policy === "Foreground") return policy;
    throw new KubeError(
      422,
      "Invalid",
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  if (options.orphanDependents !== undefined) return options.orphanDependents ? "Orphan" : "Background";
  return rt === JOBS ? "Orphan" : "Background";
}
