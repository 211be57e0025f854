import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isDeepStrictEqual } from "node:util";

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
 * Deliberate differences from a real cluster: no authorization (any request with the token may do
 * anything), no admission beyond namespace lifecycle (no Pod Security, no quota enforcement), a
 * strategic merge patch is applied as a JSON merge patch (lists are replaced, never merged by key),
 * server-side apply is refused (415), deleted pods go away without a grace period, and field
 * selectors accept any dotted path rather than the few fields each resource indexes.
 */

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

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
};

export type JobOutcome = "running" | "succeeded" | "failed";
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed";

export type FakeKube = {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  /** A kubeconfig (YAML) for this server that `KubeConfig.loadFromString` accepts; the context's namespace defaults to "default". */
  kubeconfig(options?: { namespace?: string }): string;
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
  close(): Promise<void>;
};

export async function startFakeKubeApiServer(options: FakeKubeOptions = {}): Promise<FakeKube> {
  const token = options.token ?? `fake-kube-${randomBytes(16).toString("hex")}`;
  const cluster = new Cluster(options.namespaceTerminationMs ?? 50, options.watchHistory ?? 10_000);
  cluster.seed();
  const requests: FakeKube["requests"] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake-kube");
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: url.search.slice(1) });
    handleRequest(cluster, { token, allowAnonymous: options.allowAnonymous ?? false }, req, res, url).catch((error: unknown) =>
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

// ---------------------------------------------------------------------------------------------
// Resources served
// ---------------------------------------------------------------------------------------------

/** Which rule `metadata.name` follows (it differs by resource on a real server). */
type NameRule = "subdomain" | "label" | "dns1035" | "path";

type ResourceType = {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** With a status subresource, the main endpoint ignores status changes and /status changes only status. */
  hasStatus: boolean;
  nameRule: NameRule;
  /** Discovery's short names (kubectl's `svc`, `deploy`...). */
  shortNames: string[];
  /** DELETE answers with the object (like registries with ReturnDeletedObject or graceful deletion), otherwise a Status. */
  deleteReturnsObject: boolean;
};

function resource(group: string, plural: string, kind: string, options: Partial<ResourceType> = {}): ResourceType {
  return {
    group,
    version: "v1",
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced: true,
    hasStatus: false,
    nameRule: "subdomain",
    deleteReturnsObject: false,
    shortNames: [],
    ...options,
  };
}

const RBAC = "rbac.authorization.k8s.io";
const NETWORKING = "networking.k8s.io";

const NAMESPACES = resource("", "namespaces", "Namespace", {
  namespaced: false,
  hasStatus: true,
  nameRule: "label",
  deleteReturnsObject: true,
  shortNames: ["ns"],
});
const NODES = resource("", "nodes", "Node", { namespaced: false, hasStatus: true, shortNames: ["no"] });
const SERVICE_ACCOUNTS = resource("", "serviceaccounts", "ServiceAccount", { shortNames: ["sa"] });
const SECRETS = resource("", "secrets", "Secret");
const CONFIG_MAPS = resource("", "configmaps", "ConfigMap", { shortNames: ["cm"] });
const PODS = resource("", "pods", "Pod", { hasStatus: true, deleteReturnsObject: true, shortNames: ["po"] });
const SERVICES = resource("", "services", "Service", {
  hasStatus: true,
  nameRule: "dns1035",
  deleteReturnsObject: true,
  shortNames: ["svc"],
});
const RESOURCE_QUOTAS = resource("", "resourcequotas", "ResourceQuota", { hasStatus: true, shortNames: ["quota"] });
const ROLES = resource(RBAC, "roles", "Role", { nameRule: "path" });
const ROLE_BINDINGS = resource(RBAC, "rolebindings", "RoleBinding", { nameRule: "path" });
const NETWORK_POLICIES = resource(NETWORKING, "networkpolicies", "NetworkPolicy", { shortNames: ["netpol"] });
const INGRESSES = resource(NETWORKING, "ingresses", "Ingress", { hasStatus: true, shortNames: ["ing"] });
const JOBS = resource("batch", "jobs", "Job", { hasStatus: true });
const DEPLOYMENTS = resource("apps", "deployments", "Deployment", { hasStatus: true, shortNames: ["deploy"] });

const RESOURCES: ResourceType[] = [
  NAMESPACES,
  NODES,
  SERVICE_ACCOUNTS,
  SECRETS,
  CONFIG_MAPS,
  PODS,
  SERVICES,
  RESOURCE_QUOTAS,
  ROLES,
  ROLE_BINDINGS,
  NETWORK_POLICIES,
  INGRESSES,
  JOBS,
  DEPLOYMENTS,
];

const VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

const apiVersionOf = (rt: ResourceType) => (rt.group ? `${rt.group}/${rt.version}` : rt.version);
/** "jobs.batch", as the real server names a resource in messages. */
const qualifiedResource = (rt: ResourceType) => (rt.group ? `${rt.plural}.${rt.group}` : rt.plural);
const qualifiedKind = (rt: ResourceType) => (rt.group ? `${rt.kind}.${rt.group}` : rt.kind);

function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((rt) => rt.group === group && rt.version === version && rt.plural === plural);
}

/** For the test helpers: "jobs", "job" or "Job". */
function resourceNamed(kind: string): ResourceType {
  const wanted = kind.toLowerCase();
  const found = RESOURCES.find((rt) => rt.plural === wanted || rt.singular === wanted);
  if (!found)
    throw new Error(`fake kube-apiserver: unknown kind "${kind}" (serves ${RESOURCES.map((rt) => rt.plural).join(", ")})`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Errors: `Status` objects, with the messages, reasons and details the real server uses
// ---------------------------------------------------------------------------------------------

class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: KubeObject,
  ) {
    super(message);
  }

  toStatus(): KubeObject {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** NotFound, AlreadyExists and Conflict name the resource (plural) in details.kind. */
const resourceDetails = (rt: ResourceType, name: string) => ({ name, ...(rt.group ? { group: rt.group } : {}), kind: rt.plural });

const notFound = (rt: ResourceType, name: string) =>
  new KubeError(404, "NotFound", `${qualifiedResource(rt)} "${name}" not found`, resourceDetails(rt, name));
const alreadyExists = (rt: ResourceType, name: string) =>
  new KubeError(409, "AlreadyExists", `${qualifiedResource(rt)} "${name}" already exists`, resourceDetails(rt, name));
const conflict = (rt: ResourceType, name: string, why: string) =>
  new KubeError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(rt)} "${name}": ${why}`,
    resourceDetails(rt, name),
  );
const staleObject = (rt: ResourceType, name: string) =>
  conflict(rt, name, "the object has been modified; please apply your changes to the latest version and try again");
const badRequest = (message: string) => new KubeError(400, "BadRequest", message);
const forbidden = (rt: ResourceType, name: string, why: string) =>
  new KubeError(403, "Forbidden", `${qualifiedResource(rt)} "${name}" is forbidden: ${why}`, resourceDetails(rt, name));
const pathNotFound = () => new KubeError(404, "NotFound", "the server could not find the requested resource", {});
const methodNotAllowed = (method: string) =>
  new KubeError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource (${method})`, {});

type FieldErrorType = "Invalid" | "Required" | "Unsupported" | "Forbidden" | "Duplicate";
type FieldError = { field: string; type: FieldErrorType; value?: unknown; detail?: string };

const fieldInvalid = (field: string, value: unknown, detail: string): FieldError => ({ field, type: "Invalid", value, detail });
const fieldRequired = (field: string, detail?: string): FieldError => ({ field, type: "Required", detail });
const fieldUnsupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: "Unsupported",
  value,
  detail: `supported values: ${supported.map((v) => JSON.stringify(v)).join(", ")}`,
});

function describeFieldError(error: FieldError): { reason: string; message: string; field: string } {
  const value = JSON.stringify(error.value);
  const detail = error.detail ? `: ${error.detail}` : "";
  switch (error.type) {
    case "Invalid":
      return { reason: "FieldValueInvalid", message: `Invalid value: ${value}${detail}`, field: error.field };
    case "Required":
      return { reason: "FieldValueRequired", message: `Required value${detail}`, field: error.field };
    case "Unsupported":
      return { reason: "FieldValueNotSupported", message: `Unsupported value: ${value}${detail}`, field: error.field };
    case "Duplicate":
      return { reason: "FieldValueDuplicate", message: `Duplicate value: ${value}`, field: error.field };
    case "Forbidden":
      return { reason: "FieldValueForbidden", message: `Forbidden${detail}`, field: error.field };
  }
}

/** 422 Invalid: unlike the other errors, details.kind is the Kind and the message lists every field error. */
function invalid(rt: ResourceType, name: string, errors: FieldError[]): KubeError {
  const causes = errors.map(describeFieldError);
  const summary = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const list = summary.length === 1 ? summary[0] : `[${summary.join(", ")}]`;
  return new KubeError(422, "Invalid", `${qualifiedKind(rt)} "${name}" is invalid: ${list}`, {
    name,
    ...(rt.group ? { group: rt.group } : {}),
    kind: rt.kind,
    causes,
  });
}

// ---------------------------------------------------------------------------------------------
// Small JSON helpers
// ---------------------------------------------------------------------------------------------

const clone = <T>(value: T): T => structuredClone(value);

function isObject(value: unknown): value is KubeObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 3339 to the second, as Kubernetes writes metav1.Time. */
const timestamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

function getPath(object: unknown, dotted: string): unknown {
  let current = object;
  for (const key of dotted.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Everything but metadata and status: a change here bumps metadata.generation. */
function specOf(object: KubeObject): KubeObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

// ---------------------------------------------------------------------------------------------
// Patches: RFC 7386 merge patch and RFC 6902 JSON patch
// ---------------------------------------------------------------------------------------------

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: KubeObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** The real server answers a patch that cannot be applied with 422 and no details. */
const unprocessable = (message: string) => new KubeError(422, "Invalid", message);

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw unprocessable(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The container holding the last token of a pointer, and that token. */
function parentOf(doc: unknown, tokens: string[]): { parent: KubeObject | unknown[]; key: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[Number(token)] : isObject(current) ? current[token] : undefined;
    if (current === undefined) throw unprocessable(`doc is missing path: /${tokens.join("/")}`);
  }
  if (!Array.isArray(current) && !isObject(current)) throw unprocessable(`doc is missing path: /${tokens.join("/")}`);
  return { parent: current, key: tokens[tokens.length - 1] ?? "" };
}

function arrayIndex(array: unknown[], key: string, allowEnd: boolean): number {
  const index = key === "-" && allowEnd ? array.length : Number(key);
  if (!/^(\d+|-)$/.test(key) || index > array.length || (!allowEnd && index === array.length)) {
    throw unprocessable(`Unable to access invalid index: ${key}`);
  }
  return index;
}

function pointerGet(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, false)] : parent[key];
  if (value === undefined) throw unprocessable(`doc is missing key: ${pointer}`);
  return value;
}

function pointerAdd(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function pointerRemove(doc: unknown, pointer: string): unknown {
  pointerGet(doc, pointer); // must exist
  const { parent, key } = parentOf(doc, parsePointer(pointer));
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else delete parent[key];
  return doc;
}

function jsonPatch(target: unknown, operations: unknown[]): unknown {
  let doc = clone(target);
  for (const operation of operations) {
    if (!isObject(operation) || typeof operation.op !== "string" || typeof operation.path !== "string") {
      throw badRequest("the JSON patch is invalid: every operation needs an op and a path");
    }
    const { op, path, from, value } = operation;
    switch (op) {
      case "add":
        doc = pointerAdd(doc, path, clone(value));
        break;
      case "remove":
        doc = pointerRemove(doc, path);
        break;
      case "replace":
        doc = pointerAdd(pointerRemove(doc, path), path, clone(value));
        break;
      case "move": {
        const moved = pointerGet(doc, String(from));
        doc = pointerAdd(pointerRemove(doc, String(from)), path, moved);
        break;
      }
      case "copy":
        doc = pointerAdd(doc, path, clone(pointerGet(doc, String(from))));
        break;
      case "test":
        if (!isDeepStrictEqual(pointerGet(doc, path), value)) throw unprocessable(`testing value ${path} failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return doc;
}

/** Applies a PATCH body by its Content-Type, as the real server dispatches. */
function applyPatch(target: KubeObject, contentType: string, body: unknown): unknown {
  switch (contentType) {
    case "application/json-patch+json":
      if (!Array.isArray(body)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
      return jsonPatch(target, body);
    // Approximation: a strategic merge patch replaces lists instead of merging them by their keys.
    case "application/merge-patch+json":
    case "application/strategic-merge-patch+json":
      if (!isObject(body)) throw badRequest("the merge patch must be a JSON object");
      return mergePatch(target, body);
    default:
      throw new KubeError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (the fake does not implement ${contentType || "this media type"})`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------------------------

type Requirement = { key: string; op: "=" | "!=" | "in" | "notin" | "exists" | "!exists"; values: string[] };

/** Splits on the commas that are not inside `in (...)` lists. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

function parseRequirement(term: string): Requirement {
  const set = /^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set) {
    const values = (set[3] ?? "").split(",").map((value) => value.trim());
    return { key: set[1] ?? "", op: set[2] as "in" | "notin", values };
  }
  const comparison = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term);
  if (comparison) {
    const op = comparison[2] === "!=" ? "!=" : "=";
    return { key: comparison[1] ?? "", op, values: [comparison[3] ?? ""] };
  }
  const absent = /^!\s*([^\s!=(),]+)$/.exec(term);
  if (absent) return { key: absent[1] ?? "", op: "!exists", values: [] };
  if (/^[^\s!=(),]+$/.test(term)) return { key: term, op: "exists", values: [] };
  throw badRequest(`unable to parse requirement: found '${term}', expected: identifier, in, notin, =, ==, !=`);
}

const parseLabelSelector = (text: string) => splitTopLevel(text).map(parseRequirement);

/** Like the real server, `!=` and `notin` also match objects without the label. */
function requirementMatches(requirement: Requirement, labels: Record<string, string>): boolean {
  const value = labels[requirement.key];
  switch (requirement.op) {
    case "=":
      return value === requirement.values[0];
    case "!=":
      return value !== requirement.values[0];
    case "in":
      return value !== undefined && requirement.values.includes(value);
    case "notin":
      return value === undefined || !requirement.values.includes(value);
    case "exists":
      return value !== undefined;
    case "!exists":
      return value === undefined;
  }
}

type FieldRequirement = { path: string; equal: boolean; value: string };

function parseFieldSelector(text: string): FieldRequirement[] {
  return splitTopLevel(text).map((term) => {
    const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
    return { path: match[1] ?? "", equal: match[2] !== "!=", value: match[3] ?? "" };
  });
}

type ObjectFilter = (object: KubeObject) => boolean;

/** The filter a list or watch request asks for: namespace, labelSelector and fieldSelector. */
function filterFor(namespace: string | null, query: URLSearchParams): ObjectFilter {
  const labels = parseLabelSelector(query.get("labelSelector") ?? "");
  const fields = parseFieldSelector(query.get("fieldSelector") ?? "");
  return (object) => {
    if (namespace !== null && object.metadata?.namespace !== namespace) return false;
    const objectLabels = (object.metadata?.labels ?? {}) as Record<string, string>;
    if (!labels.every((requirement) => requirementMatches(requirement, objectLabels))) return false;
    return fields.every(({ path, equal, value }) => (String(getPath(object, path) ?? "") === value) === equal);
  };
}

// ---------------------------------------------------------------------------------------------
// Validation: the checks a real server makes that code under test is most likely to trip
// ---------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function dnsErrors(field: string, value: string, rule: "subdomain" | "label" | "dns1035"): FieldError[] {
  const [pattern, message, max] =
    rule === "subdomain"
      ? [DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE, 253]
      : rule === "label"
        ? [DNS1123_LABEL, LABEL_MESSAGE, 63]
        : [DNS1035_LABEL, DNS1035_MESSAGE, 63];
  const errors: FieldError[] = [];
  if (value.length > max) errors.push(fieldInvalid(field, value, `must be no more than ${max} characters`));
  if (!pattern.test(value)) errors.push(fieldInvalid(field, value, message));
  return errors;
}

function validateName(rt: ResourceType, name: string): FieldError[] {
  if (rt.nameRule !== "path") return dnsErrors("metadata.name", name, rt.nameRule);
  // RBAC objects only need a valid path segment, so names like "system:reader" are fine.
  if (name === "." || name === ".." || /[/%]/.test(name)) {
    return [fieldInvalid("metadata.name", name, `may not be '.' or '..' and may not contain '/' or '%'`)];
  }
  return [];
}

function validateLabels(labels: unknown, field: string): FieldError[] {
  if (labels === undefined) return [];
  if (!isObject(labels)) return [fieldInvalid(field, labels, "must be a map of strings")];
  return Object.entries(labels).flatMap(([key, value]) => [
    ...validateLabelKey(key, field),
    ...validateLabelValue(value, `${field}`),
  ]);
}

function validateLabelKey(key: string, field: string): FieldError[] {
  const parts = key.split("/");
  const name = parts.pop() ?? "";
  const errors: FieldError[] = [];
  if (parts.length > 1)
    errors.push(
      fieldInvalid(field, key, "a qualified name must consist of an optional DNS subdomain prefix and a name, separated by '/'"),
    );
  if (parts.length === 1)
    errors.push(
      ...dnsErrors(field, parts[0] ?? "", "subdomain").map((error) => ({
        ...error,
        value: key,
        detail: `prefix part ${error.detail}`,
      })),
    );
  if (name.length > 63) errors.push(fieldInvalid(field, key, "name part must be no more than 63 characters"));
  if (!QUALIFIED_NAME.test(name)) errors.push(fieldInvalid(field, key, QUALIFIED_NAME_MESSAGE));
  return errors;
}

function validateLabelValue(value: unknown, field: string): FieldError[] {
  if (typeof value !== "string") return [fieldInvalid(field, value, "label values must be strings")];
  if (value.length > 63) return [fieldInvalid(field, value, "must be no more than 63 characters")];
  return LABEL_VALUE.test(value) ? [] : [fieldInvalid(field, value, LABEL_VALUE_MESSAGE)];
}

function validateContainer(container: unknown, field: string): FieldError[] {
  if (!isObject(container)) return [fieldInvalid(field, container, "must be an object")];
  const errors: FieldError[] = [];
  if (typeof container.name !== "string" || container.name === "") errors.push(fieldRequired(`${field}.name`));
  else errors.push(...dnsErrors(`${field}.name`, container.name, "label"));
  if (typeof container.image !== "string" || container.image.trim() === "") errors.push(fieldRequired(`${field}.image`));
  return errors;
}

function validatePodSpec(spec: unknown, field: string, restartPolicies = ["Always", "OnFailure", "Never"]): FieldError[] {
  if (!isObject(spec) || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    return [fieldRequired(`${field}.containers`)];
  }
  const containers: unknown[] = spec.containers;
  const errors = containers.flatMap((container, index) => validateContainer(container, `${field}.containers[${index}]`));
  const names = containers.map((container) => (isObject(container) ? container.name : undefined));
  names.forEach((name, index) => {
    if (name !== undefined && names.indexOf(name) !== index)
      errors.push({ field: `${field}.containers[${index}].name`, type: "Duplicate", value: name });
  });
  if (!restartPolicies.includes(spec.restartPolicy))
    errors.push(fieldUnsupported(`${field}.restartPolicy`, spec.restartPolicy, restartPolicies));
  return errors;
}

function validateTemplate(spec: KubeObject, restartPolicies?: string[]): FieldError[] {
  const template = isObject(spec.template) ? spec.template : {};
  return [
    ...validateLabels(template.metadata?.labels, "spec.template.metadata.labels"),
    ...validatePodSpec(template.spec, "spec.template.spec", restartPolicies),
  ];
}

const immutable = (field: string, value: unknown) => fieldInvalid(field, value, "field is immutable");

function validateJob(job: KubeObject, old?: KubeObject): FieldError[] {
  const spec = isObject(job.spec) ? job.spec : {};
  // The pod template is defaulted to restartPolicy Always, which a Job then refuses: a classic.
  const errors = validateTemplate(spec, ["OnFailure", "Never"]);
  if (old && !isDeepStrictEqual(spec.template, old.spec?.template)) errors.push(immutable("spec.template", spec.template));
  if (old && !isDeepStrictEqual(spec.selector, old.spec?.selector)) errors.push(immutable("spec.selector", spec.selector));
  return errors;
}

function validateDeployment(deployment: KubeObject, old?: KubeObject): FieldError[] {
  const spec = isObject(deployment.spec) ? deployment.spec : {};
  const errors = validateTemplate(spec, ["Always"]);
  const matchLabels: Record<string, string> = spec.selector?.matchLabels ?? {};
  if (!isObject(spec.selector)) errors.push(fieldRequired("spec.selector"));
  else if (Object.keys(matchLabels).length === 0 && !spec.selector.matchExpressions?.length) {
    errors.push(fieldInvalid("spec.selector", spec.selector, "empty selector is invalid for deployment"));
  }
  const templateLabels: Record<string, string> = spec.template?.metadata?.labels ?? {};
  if (Object.entries(matchLabels).some(([key, value]) => templateLabels[key] !== value)) {
    errors.push(fieldInvalid("spec.template.metadata.labels", templateLabels, "`selector` does not match template `labels`"));
  }
  if (typeof spec.replicas !== "number" || spec.replicas < 0)
    errors.push(fieldInvalid("spec.replicas", spec.replicas, "must be greater than or equal to 0"));
  if (old && !isDeepStrictEqual(spec.selector, old.spec?.selector)) errors.push(immutable("spec.selector", spec.selector));
  return errors;
}

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

function validateService(service: KubeObject, old?: KubeObject): FieldError[] {
  const spec = isObject(service.spec) ? service.spec : {};
  const errors: FieldError[] = [];
  if (!SERVICE_TYPES.includes(spec.type)) errors.push(fieldUnsupported("spec.type", spec.type, SERVICE_TYPES));
  const ports: unknown[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.clusterIP !== "None" && spec.type !== "ExternalName") errors.push(fieldRequired("spec.ports"));
  ports.forEach((port, index) => {
    const field = `spec.ports[${index}]`;
    const number = isObject(port) ? port.port : undefined;
    if (ports.length > 1 && !(isObject(port) && port.name)) errors.push(fieldRequired(`${field}.name`));
    if (!Number.isInteger(number) || number < 1 || number > 65535) {
      errors.push(fieldInvalid(`${field}.port`, number ?? 0, "must be between 1 and 65535, inclusive"));
    }
  });
  if (old?.spec?.clusterIP && spec.clusterIP !== old.spec.clusterIP) errors.push(immutable("spec.clusterIP", spec.clusterIP));
  return errors;
}

function validateRole(role: KubeObject): FieldError[] {
  const rules: unknown[] = Array.isArray(role.rules) ? role.rules : [];
  return rules.flatMap((rule, index) => {
    const field = `rules[${index}]`;
    if (!isObject(rule)) return [fieldInvalid(field, rule, "must be an object")];
    const errors: FieldError[] = [];
    if (!Array.isArray(rule.verbs) || rule.verbs.length === 0)
      errors.push(fieldRequired(`${field}.verbs`, "verbs must contain at least one value"));
    if (
      Array.isArray(rule.resources) &&
      rule.resources.length > 0 &&
      !(Array.isArray(rule.apiGroups) && rule.apiGroups.length > 0)
    ) {
      errors.push(fieldRequired(`${field}.apiGroups`, "resource rules must supply at least one api group"));
    }
    return errors;
  });
}

function validateRoleBinding(binding: KubeObject, old?: KubeObject): FieldError[] {
  const roleRef = isObject(binding.roleRef) ? binding.roleRef : {};
  const errors: FieldError[] = [];
  if (!["Role", "ClusterRole"].includes(roleRef.kind))
    errors.push(fieldUnsupported("roleRef.kind", roleRef.kind ?? "", ["Role", "ClusterRole"]));
  if (!roleRef.name) errors.push(fieldRequired("roleRef.name"));
  const subjects: unknown[] = Array.isArray(binding.subjects) ? binding.subjects : [];
  subjects.forEach((subject, index) => {
    const kind = isObject(subject) ? subject.kind : undefined;
    if (!["ServiceAccount", "User", "Group"].includes(kind))
      errors.push(fieldUnsupported(`subjects[${index}].kind`, kind ?? "", ["ServiceAccount", "User", "Group"]));
  });
  // roleRef cannot change: a binding must be deleted and recreated to point at another role.
  if (old && !isDeepStrictEqual(binding.roleRef, old.roleRef))
    errors.push(fieldInvalid("roleRef", binding.roleRef, "cannot change roleRef"));
  return errors;
}

const PATH_TYPES = ["Exact", "Prefix", "ImplementationSpecific"];

function validateIngress(ingress: KubeObject): FieldError[] {
  const spec = isObject(ingress.spec) ? ingress.spec : {};
  const rules: unknown[] = Array.isArray(spec.rules) ? spec.rules : [];
  if (rules.length === 0 && !spec.defaultBackend)
    return [fieldInvalid("spec", spec, "either `defaultBackend` or `rules` must be specified")];
  return rules.flatMap((rule, ruleIndex) => {
    const paths: unknown[] = isObject(rule) && Array.isArray(rule.http?.paths) ? rule.http.paths : [];
    return paths.flatMap((path, pathIndex) => {
      const field = `spec.rules[${ruleIndex}].http.paths[${pathIndex}]`;
      const pathType = isObject(path) ? path.pathType : undefined;
      if (pathType === undefined) return [fieldRequired(`${field}.pathType`, "pathType must be specified")];
      return PATH_TYPES.includes(pathType) ? [] : [fieldUnsupported(`${field}.pathType`, pathType, PATH_TYPES)];
    });
  });
}

function validateDataKeys(data: unknown, field: string): FieldError[] {
  if (!isObject(data)) return [];
  return Object.keys(data)
    .filter((key) => !CONFIG_KEY.test(key))
    .map((key) =>
      fieldInvalid(
        `${field}[${key}]`,
        key,
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ),
    );
}

function validateKindSpecific(rt: ResourceType, object: KubeObject, old?: KubeObject): FieldError[] {
  switch (rt) {
    case PODS:
      return validatePodSpec(object.spec, "spec");
    case JOBS:
      return validateJob(object, old);
    case DEPLOYMENTS:
      return validateDeployment(object, old);
    case SERVICES:
      return validateService(object, old);
    case ROLES:
      return validateRole(object);
    case ROLE_BINDINGS:
      return validateRoleBinding(object, old);
    case INGRESSES:
      return validateIngress(object);
    case SECRETS:
    case CONFIG_MAPS:
      return validateDataKeys(object.data, "data");
    default:
      return [];
  }
}

function validate(rt: ResourceType, object: KubeObject, old?: KubeObject): void {
  const name: string = object.metadata.name;
  const errors = [
    ...validateName(rt, name),
    ...validateLabels(object.metadata.labels, "metadata.labels"),
    ...validateKindSpecific(rt, object, old),
  ];
  if (errors.length > 0) throw invalid(rt, name, errors);
}

// ---------------------------------------------------------------------------------------------
// Defaulting: the fields a real server fills in, so objects read back look like a cluster's
// ---------------------------------------------------------------------------------------------

/** Image pull policy defaults to Always for `:latest` (or no tag), IfNotPresent otherwise. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== "string" || image.includes("@")) return "IfNotPresent";
  const last = image.split("/").pop() ?? "";
  const tag = last.includes(":") ? last.split(":").pop() : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultPodSpec(spec: unknown): void {
  if (!isObject(spec)) return;
  spec.restartPolicy ??= "Always";
  spec.dnsPolicy ??= "ClusterFirst";
  spec.schedulerName ??= "default-scheduler";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const container of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isObject(container)) continue;
    container.imagePullPolicy ??= defaultPullPolicy(container.image);
    container.terminationMessagePath ??= "/dev/termination-log";
    container.terminationMessagePolicy ??= "File";
    container.resources ??= {};
  }
}

/** Secrets: `stringData` is a write-only convenience merged into base64 `data`. */
function defaultSecret(secret: KubeObject): void {
  secret.type ??= "Opaque";
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    if (typeof value !== "string" || !BASE64.test(value)) {
      throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data[${key}]`);
    }
  }
  if (isObject(secret.stringData)) {
    secret.data = { ...secret.data };
    for (const [key, value] of Object.entries(secret.stringData))
      secret.data[key] = Buffer.from(String(value)).toString("base64");
  }
  delete secret.stringData;
}

function defaultService(service: KubeObject, old: KubeObject | undefined, allocateIp: () => string): void {
  const spec: KubeObject = (service.spec ??= {});
  spec.type ??= "ClusterIP";
  spec.sessionAffinity ??= "None";
  for (const port of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObject(port)) continue;
    port.protocol ??= "TCP";
    port.targetPort ??= port.port;
  }
  if (spec.type !== "ExternalName") {
    // An update that leaves clusterIP out keeps the allocated one, like the real server.
    spec.clusterIP ??= old?.spec?.clusterIP ?? allocateIp();
    spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
    spec.internalTrafficPolicy ??= "Cluster";
  }
}

/** Job defaults, including the selector and labels the server generates from the job's uid. */
function defaultJob(job: KubeObject): void {
  const spec: KubeObject = (job.spec ??= {});
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= "TerminatingOrFailed";
  const template: KubeObject = (spec.template ??= {});
  defaultPodSpec(template.spec);
  if (spec.selector || spec.manualSelector) return; // an update keeps what the create generated
  const { uid, name } = job.metadata;
  const generated = {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
  spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...generated } };
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = { ...generated };
}

function defaultDeployment(deployment: KubeObject): void {
  const spec: KubeObject = (deployment.spec ??= {});
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } };
  defaultPodSpec(spec.template?.spec);
}

/** Namespaces always carry their name as a label, which the real server enforces. */
function defaultNamespace(namespace: KubeObject): void {
  namespace.metadata.labels = { ...namespace.metadata.labels, "kubernetes.io/metadata.name": namespace.metadata.name };
  namespace.spec = { finalizers: ["kubernetes"], ...namespace.spec };
}

// ---------------------------------------------------------------------------------------------
// Derived status: what controllers would report
// ---------------------------------------------------------------------------------------------

const condition = (type: string, status: "True" | "False", reason: string, message: string, time: string) => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: time,
  reason,
  message,
});

/** Replicas report ready at once. Zero counts are left out, as the real API's omitempty does. */
function deploymentStatus(deployment: KubeObject, previous: KubeObject | undefined): KubeObject {
  const replicas: number = deployment.spec.replicas;
  const now = timestamp();
  const since = (type: string) => previous?.conditions?.find((c: KubeObject) => c.type === type)?.lastTransitionTime ?? now;
  const counts =
    replicas > 0 ? { replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas } : {};
  return {
    observedGeneration: deployment.metadata.generation,
    ...counts,
    conditions: [
      {
        type: "Available",
        status: "True",
        lastUpdateTime: now,
        lastTransitionTime: since("Available"),
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        lastUpdateTime: now,
        lastTransitionTime: since("Progressing"),
        reason: "NewReplicaSetAvailable",
        message: `ReplicaSet "${deployment.metadata.name}-${deployment.metadata.uid.slice(0, 10)}" has successfully progressed.`,
      },
    ],
  };
}

function resourceQuotaStatus(quota: KubeObject): KubeObject {
  const hard: Record<string, string> = quota.spec?.hard ?? {};
  return { hard: { ...hard }, used: Object.fromEntries(Object.keys(hard).map((key) => [key, "0"])) };
}

const NODE_NAME = "fake-node-1";
const NODE_IP = "10.0.0.10";

function containerStatuses(pod: KubeObject, phase: PodPhase, startedAt: string, message?: string): KubeObject[] {
  const containers: KubeObject[] = pod.spec?.containers ?? [];
  const now = timestamp();
  return containers.map((container) => {
    const base = {
      name: container.name,
      image: container.image,
      imageID: "",
      restartCount: 0,
      containerID: `containerd://${randomBytes(8).toString("hex")}`,
    };
    if (phase === "Running") return { ...base, ready: true, started: true, state: { running: { startedAt } } };
    const exitCode = phase === "Succeeded" ? 0 : 1;
    const reason = phase === "Succeeded" ? "Completed" : "Error";
    return {
      ...base,
      ready: false,
      started: false,
      state: { terminated: { exitCode, reason, startedAt, finishedAt: now, ...(message ? { message } : {}) } },
    };
  });
}

function podStatus(pod: KubeObject, phase: PodPhase, podIp: string, message?: string): KubeObject {
  const now = timestamp();
  const previous: KubeObject = pod.status ?? {};
  const scheduled = condition("PodScheduled", "True", "", "", now);
  if (phase === "Pending") return { phase, conditions: [scheduled], qosClass: previous.qosClass ?? "BestEffort" };
  const startTime = previous.startTime ?? now;
  const ready = phase === "Running";
  return {
    phase,
    hostIP: NODE_IP,
    podIP: previous.podIP ?? podIp,
    startTime,
    conditions: [
      scheduled,
      condition("Initialized", "True", "", "", now),
      condition("Ready", ready ? "True" : "False", ready ? "" : "PodCompleted", "", now),
      condition("ContainersReady", ready ? "True" : "False", ready ? "" : "PodCompleted", "", now),
    ].map(({ reason, message: text, ...rest }) => ({
      ...rest,
      ...(reason ? { reason } : {}),
      ...(text ? { message: text } : {}),
    })),
    containerStatuses: containerStatuses(pod, phase, startTime, message),
    qosClass: previous.qosClass ?? "BestEffort",
  };
}

/**
 * Job status as the job controller of v1.31 writes it: a terminal job also carries the
 * SuccessCriteriaMet / FailureTarget condition that precedes Complete / Failed.
 */
function jobStatus(job: KubeObject, outcome: JobOutcome, message?: string): KubeObject {
  const now = timestamp();
  const startTime: string = job.status?.startTime ?? now;
  if (outcome === "running") return { active: 1, ready: 1, startTime, terminating: 0, uncountedTerminatedPods: {} };
  if (outcome === "succeeded") {
    const text = message ?? "Reached expected number of succeeded pods";
    return {
      succeeded: 1,
      ready: 0,
      startTime,
      completionTime: now,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        condition("SuccessCriteriaMet", "True", "CompletionsReached", text, now),
        condition("Complete", "True", "CompletionsReached", text, now),
      ],
    };
  }
  const text = message ?? "Job has reached the specified backoff limit";
  return {
    failed: 1,
    ready: 0,
    startTime,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      condition("FailureTarget", "True", "BackoffLimitExceeded", text, now),
      condition("Failed", "True", "BackoffLimitExceeded", text, now),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The cluster: storage, watch events, the verbs, and the few controllers tests need
// ---------------------------------------------------------------------------------------------

type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";
type StoredEvent = { type: WatchEventType; revision: number; rt: ResourceType; object: KubeObject; previous?: KubeObject };
type Watcher = { rt: ResourceType; deliver(event: StoredEvent): void; end(): void };
type DeleteOptions = {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
};
type Propagation = "Orphan" | "Background" | "Foreground";

const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

class Cluster {
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

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, error: unknown): void {
  const kubeError =
    error instanceof KubeError
      ? error
      : new KubeError(500, "InternalError", `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`);
  if (res.headersSent) res.end();
  else sendJson(res, kubeError.code, kubeError.toStatus());
}

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

const isTrue = (value: string | null) => value === "true" || value === "1";
const PUBLIC_PATHS = new Set(["/healthz", "/livez", "/readyz"]);

async function handleRequest(
  cluster: Cluster,
  auth: { token: string; allowAnonymous: boolean },
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<void> {
  // The client asks for "/version/", "/api/", "/apis/batch/v1/": trailing slashes do not matter.
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  // Health endpoints are open to anonymous callers, as on a default cluster; everything else wants the token.
  if (PUBLIC_PATHS.has(path)) {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("ok");
    return;
  }
  const credentials = req.headers.authorization;
  const anonymous = credentials === undefined && auth.allowAnonymous;
  if (!anonymous && credentials !== `Bearer ${auth.token}`) throw new KubeError(401, "Unauthorized", "Unauthorized");
  const method = req.method ?? "GET";
  const body = method === "GET" ? undefined : await readBody(req);

  if (path === "/version") return sendJson(res, 200, VERSION_INFO);
  const discovery = discoveryDocument(path, req.headers.host ?? "127.0.0.1");
  if (discovery) return sendJson(res, 200, discovery);

  const target = parseResourcePath(path);
  if (!target) throw pathNotFound();
  const query = url.searchParams;
  if (target.watch) query.set("watch", "true");
  await dispatch(cluster, target, method, query, body, req, res);
}

type Target = { rt: ResourceType; namespace: string | null; name?: string; subresource?: string; watch: boolean };

/** `/api/v1/...` or `/apis/{group}/{version}/...`, then `[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]`. */
function parseResourcePath(path: string): Target | undefined {
  const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  let group = "";
  let rest: string[];
  if (segments[0] === "api" && segments[1] === "v1") rest = segments.slice(2);
  else if (segments[0] === "apis" && segments.length >= 4) {
    group = segments[1] ?? "";
    rest = segments.slice(3);
  } else return undefined;
  const version = segments[0] === "api" ? "v1" : (segments[2] ?? "");
  // The deprecated `/watch/` path prefix means the same as ?watch=true.
  const watch = rest[0] === "watch";
  if (watch) rest = rest.slice(1);

  const namespacedRt = rest[0] === "namespaces" && rest.length >= 3 ? findResource(group, version, rest[2] ?? "") : undefined;
  if (namespacedRt?.namespaced) {
    if (rest.length > 5) return undefined;
    return { rt: namespacedRt, namespace: rest[1] ?? "", name: rest[3], subresource: rest[4], watch };
  }
  const rt = findResource(group, version, rest[0] ?? "");
  if (!rt || rest.length > 3) return undefined;
  // A namespaced resource without a namespace can only be listed or watched across namespaces.
  if (rt.namespaced && rest.length > 1) return undefined;
  return { rt, namespace: null, name: rest[1], subresource: rest[2], watch };
}

async function dispatch(
  cluster: Cluster,
  target: Target,
  method: string,
  query: URLSearchParams,
  body: unknown,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const { rt, namespace, name, subresource } = target;
  const dryRun = query.get("dryRun") === "All";
  if (name === undefined) {
    if (method === "GET")
      return isTrue(query.get("watch"))
        ? handleWatch(cluster, target, query, res)
        : sendJson(res, 200, listResponse(cluster, target, query));
    if (method === "POST" && (namespace !== null || !rt.namespaced))
      return sendJson(res, 201, cluster.create(rt, namespace, body, dryRun));
    throw methodNotAllowed(method);
  }
  if (subresource === "log" && rt === PODS && method === "GET") return handleLog(cluster, namespace ?? "", name, query, res);
  if (subresource === "scale" && rt === DEPLOYMENTS)
    return handleScale(cluster, namespace ?? "", name, method, body, req, res, dryRun);
  if (subresource !== undefined && !(subresource === "status" && rt.hasStatus)) throw pathNotFound();
  switch (method) {
    case "GET":
      return sendJson(res, 200, clone(cluster.mustFind(rt, namespace, name)));
    case "PUT":
      return sendJson(res, 200, cluster.update(rt, namespace, name, body, subresource, dryRun));
    case "PATCH":
      return sendJson(res, 200, cluster.patch(rt, namespace, name, contentTypeOf(req), body, subresource, dryRun));
    case "DELETE": {
      if (subresource) throw methodNotAllowed(method);
      // DeleteOptions come as query parameters or as a body; the body wins.
      const fromQuery: DeleteOptions = {
        propagationPolicy: query.get("propagationPolicy") ?? undefined,
        ...(query.has("orphanDependents") ? { orphanDependents: isTrue(query.get("orphanDependents")) } : {}),
        ...(query.has("gracePeriodSeconds") ? { gracePeriodSeconds: Number(query.get("gracePeriodSeconds")) } : {}),
      };
      const options = { ...fromQuery, ...(isObject(body) ? (body as DeleteOptions) : {}) };
      return sendJson(
        res,
        200,
        cluster.delete(
          rt,
          namespace,
          name,
          options,
          dryRun || (isObject(body) && Array.isArray(body.dryRun) && body.dryRun.includes("All")),
        ),
      );
    }
    default:
      throw methodNotAllowed(method);
  }
}

const contentTypeOf = (req: http.IncomingMessage) =>
  (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

/** A Deployment's `scale` subresource (kubectl scale, HPAs): an autoscaling/v1 Scale view of spec.replicas. */
function scaleOf(deployment: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata;
  const matchLabels: Record<string, string> = deployment.spec.selector?.matchLabels ?? {};
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: deployment.spec.replicas },
    status: {
      replicas: deployment.status?.replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([key, value]) => `${key}=${value}`)
        .join(","),
    },
  };
}

function handleScale(
  cluster: Cluster,
  namespace: string,
  name: string,
  method: string,
  body: unknown,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  dryRun: boolean,
): void {
  const deployment = cluster.mustFind(DEPLOYMENTS, namespace, name);
  if (method === "GET") return sendJson(res, 200, scaleOf(deployment));
  if (method !== "PUT" && method !== "PATCH") throw methodNotAllowed(method);
  const scale = method === "PUT" ? body : applyPatch(scaleOf(deployment), contentTypeOf(req), body);
  if (!isObject(scale)) throw badRequest("the body of the request must be a Scale object");
  const next = clone(deployment);
  next.spec.replicas = scale.spec?.replicas;
  // The Scale's resourceVersion is the deployment's, so a stale one conflicts as usual.
  next.metadata.resourceVersion = isObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
  sendJson(res, 200, scaleOf(cluster.update(DEPLOYMENTS, namespace, name, next, undefined, dryRun)));
}

/** A list: items without kind/apiVersion (as the real server sends them), paged by `limit`/`continue`. */
function listResponse(cluster: Cluster, target: Target, query: URLSearchParams): KubeObject {
  const { rt, namespace } = target;
  let items = cluster.list(rt, namespace).filter(filterFor(namespace, query));
  const start = query.get("continue");
  if (start) {
    const after = Buffer.from(start, "base64url").toString("utf8");
    items = items.filter((item) => `${item.metadata.namespace ?? ""}/${item.metadata.name}` > after);
  }
  const limit = Number(query.get("limit") ?? 0);
  const page = limit > 0 ? items.slice(0, limit) : items;
  const last = page[page.length - 1];
  const more = page.length < items.length && last !== undefined;
  const metadata: KubeObject = { resourceVersion: cluster.resourceVersion };
  if (more) {
    metadata.continue = Buffer.from(`${last.metadata.namespace ?? ""}/${last.metadata.name}`).toString("base64url");
    metadata.remainingItemCount = items.length - page.length;
  }
  return {
    kind: `${rt.kind}List`,
    apiVersion: apiVersionOf(rt),
    metadata,
    items: page.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => clone(item)),
  };
}

/**
 * A watch streams `{"type", "object"}` lines. Without a resourceVersion (or with "0") it starts
 * with an ADDED event per current object; with one, it replays the changes after it. An object
 * that starts or stops matching the selectors arrives as ADDED or DELETED, like the real server.
 */
function handleWatch(cluster: Cluster, target: Target, query: URLSearchParams, res: http.ServerResponse): void {
  const matches = filterFor(target.namespace, query);
  const since = query.get("resourceVersion") ?? "";
  if (since !== "" && !/^\d+$/.test(since)) throw badRequest(`invalid resource version: ${since}`);
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Cache-Control": "no-cache, private",
    "Transfer-Encoding": "chunked",
  });
  res.flushHeaders();
  const send = (type: string, object: KubeObject) => res.write(`${JSON.stringify({ type, object })}\n`);
  const deliver = (event: StoredEvent) => {
    if (event.rt !== target.rt) return;
    const type = watchEventType(event, matches);
    if (type) send(type, event.object);
  };

  if (since === "" || since === "0") {
    for (const object of cluster.list(target.rt, target.namespace).filter(matches)) send("ADDED", clone(object));
  } else {
    const missed = cluster.eventsAfter(Number(since));
    if (!missed) {
      send("ERROR", new KubeError(410, "Expired", `too old resource version: ${since} (${cluster.resourceVersion})`).toStatus());
      res.end();
      return;
    }
    missed.forEach(deliver);
  }

  const unsubscribe = cluster.subscribe({ rt: target.rt, deliver, end: () => res.end() });
  const timeoutSeconds = Number(query.get("timeoutSeconds") ?? 0);
  const timer = timeoutSeconds > 0 ? setTimeout(() => res.end(), timeoutSeconds * 1000) : undefined;
  res.on("close", () => {
    unsubscribe();
    clearTimeout(timer);
  });
}

function watchEventType(event: StoredEvent, matches: ObjectFilter): WatchEventType | undefined {
  const now = matches(event.object);
  if (event.type !== "MODIFIED") return now ? event.type : undefined;
  const before = event.previous !== undefined && matches(event.previous);
  if (before && now) return "MODIFIED";
  if (now) return "ADDED";
  if (before) return "DELETED";
  return undefined;
}

/** Pod logs as text/plain; `follow` keeps the response open until the pod stops or is deleted. */
function handleLog(cluster: Cluster, namespace: string, podName: string, query: URLSearchParams, res: http.ServerResponse): void {
  const pod = cluster.mustFind(PODS, namespace, podName);
  const containers: string[] = (pod.spec?.containers ?? []).map((container: KubeObject) => container.name);
  const container = query.get("container") || (containers.length === 1 ? containers[0] : undefined);
  if (!container)
    throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${containers.join(" ")}]`);
  if (!containers.includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
  // Like the kubelet: nothing to read until the container has started.
  if (pod.status?.phase === "Pending")
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`);

  let text = cluster.podLog(namespace, podName);
  const tailLines = query.get("tailLines");
  if (tailLines !== null) text = tail(text, Number(tailLines));
  const limitBytes = Number(query.get("limitBytes") ?? 0);
  if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString("utf8");

  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  const finished = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
  if (!isTrue(query.get("follow")) || finished) {
    res.end(text);
    return;
  }
  res.flushHeaders();
  if (text !== "") res.write(text);
  cluster.followLogs(namespace, podName, res);
}

function tail(text: string, lines: number): string {
  if (!(lines >= 0)) return text;
  const trailingNewline = text.endsWith("\n");
  const all = (trailingNewline ? text.slice(0, -1) : text).split("\n");
  if (text === "" || lines === 0) return "";
  return all.slice(-lines).join("\n") + (trailingNewline ? "\n" : "");
}

// ---------------------------------------------------------------------------------------------
// Version and discovery
// ---------------------------------------------------------------------------------------------

const VERSION_INFO = {
  major: "1",
  minor: "31",
  gitVersion: "v1.31.0-fake",
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2024-08-13T00:00:00Z",
  goVersion: "go1.22.5",
  compiler: "gc",
  platform: "linux/amd64",
};

function groupVersionOf(group: string, version: string) {
  const groupVersion = group ? `${group}/${version}` : version;
  return { groupVersion, version };
}

function apiGroup(group: string): KubeObject {
  const version = groupVersionOf(group, "v1");
  return { kind: "APIGroup", apiVersion: "v1", name: group, versions: [version], preferredVersion: version };
}

function resourceList(group: string, version: string): KubeObject | undefined {
  const served = RESOURCES.filter((rt) => rt.group === group && rt.version === version);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((rt) => {
    const main = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: VERBS,
      ...(rt.shortNames.length > 0 ? { shortNames: rt.shortNames } : {}),
    };
    const status = rt.hasStatus
      ? [
          {
            name: `${rt.plural}/status`,
            singularName: "",
            namespaced: rt.namespaced,
            kind: rt.kind,
            verbs: ["get", "patch", "update"],
          },
        ]
      : [];
    const log = rt === PODS ? [{ name: "pods/log", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] }] : [];
    const scale =
      rt === DEPLOYMENTS
        ? [
            {
              name: "deployments/scale",
              singularName: "",
              namespaced: true,
              group: "autoscaling",
              version: "v1",
              kind: "Scale",
              verbs: ["get", "patch", "update"],
            },
          ]
        : [];
    return [main, ...status, ...log, ...scale];
  });
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: groupVersionOf(group, version).groupVersion, resources };
}

/** Legacy (unaggregated) discovery, which kubectl and the client fall back to. */
function discoveryDocument(path: string, host: string): KubeObject | undefined {
  const groups = [...new Set(RESOURCES.map((rt) => rt.group).filter(Boolean))];
  if (path === "/api")
    return {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: host }],
    };
  if (path === "/apis") return { kind: "APIGroupList", apiVersion: "v1", groups: groups.map(apiGroup) };
  if (path === "/api/v1") return resourceList("", "v1");
  const match = /^\/apis\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (!match || !groups.includes(match[1] ?? "")) return undefined;
  return match[2] === undefined ? apiGroup(match[1] ?? "") : resourceList(match[1] ?? "", match[2]);
}
