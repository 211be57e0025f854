// core/v1: namespaces, nodes, service accounts, secrets, config maps, pods, services and resource quotas.
import { randomBytes } from "node:crypto";
import { badRequest, type FieldError, fieldInvalid, fieldRequired, fieldUnsupported } from "./errors";
import { condition, isObject, timestamp } from "./objects";
import { resource } from "./resource-type";
import type { KubeObject, PodPhase } from "./types";
import { BASE64, CONFIG_KEY, dnsErrors, immutable, validateLabels } from "./validation";

export const NAMESPACES = resource("", "namespaces", "Namespace", {
  namespaced: false,
  hasStatus: true,
  nameRule: "label",
  deleteReturnsObject: true,
  shortNames: ["ns"],
});

export const NODES = resource("", "nodes", "Node", { namespaced: false, hasStatus: true, shortNames: ["no"] });

export const SERVICE_ACCOUNTS = resource("", "serviceaccounts", "ServiceAccount", { shortNames: ["sa"] });

export const SECRETS = resource("", "secrets", "Secret");

export const CONFIG_MAPS = resource("", "configmaps", "ConfigMap", { shortNames: ["cm"] });

export const PODS = resource("", "pods", "Pod", { hasStatus: true, deleteReturnsObject: true, shortNames: ["po"] });

export const SERVICES = resource("", "services", "Service", {
  hasStatus: true,
  nameRule: "dns1035",
  deleteReturnsObject: true,
  shortNames: ["svc"],
});

export const RESOURCE_QUOTAS = resource("", "resourcequotas", "ResourceQuota", { hasStatus: true, shortNames: ["quota"] });

function validateContainer(container: unknown, field: string): FieldError[] {
  if (!isObject(container)) return [fieldInvalid(field, container, "must be an object")];
  const errors: FieldError[] = [];
  if (typeof container.name !== "string" || container.name === "") errors.push(fieldRequired(`${field}.name`));
  else errors.push(...dnsErrors(`${field}.name`, container.name, "label"));
  if (typeof container.image !== "string" || container.image.trim() === "") errors.push(fieldRequired(`${field}.image`));
  return errors;
}

export function validatePodSpec(spec: unknown, field: string, restartPolicies = ["Always", "OnFailure", "Never"]): FieldError[] {
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

export function validateTemplate(spec: KubeObject, restartPolicies?: string[]): FieldError[] {
  const template = isObject(spec.template) ? spec.template : {};
  return [
    ...validateLabels(template.metadata?.labels, "spec.template.metadata.labels"),
    ...validatePodSpec(template.spec, "spec.template.spec", restartPolicies),
  ];
}

const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];

export function validateService(service: KubeObject, old?: KubeObject): FieldError[] {
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

export function validateDataKeys(data: unknown, field: string): FieldError[] {
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

/** Image pull policy defaults to Always for `:latest` (or no tag), IfNotPresent otherwise. */
function defaultPullPolicy(image: unknown): string {
  if (typeof image !== "string" || image.includes("@")) return "IfNotPresent";
  const last = image.split("/").pop() ?? "";
  const tag = last.includes(":") ? last.split(":").pop() : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

export function defaultPodSpec(spec: unknown): void {
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
export function defaultSecret(secret: KubeObject): void {
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

export function defaultService(service: KubeObject, old: KubeObject | undefined, allocateIp: () => string): void {
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

/** Namespaces always carry their name as a label, which the real server enforces. */
export function defaultNamespace(namespace: KubeObject): void {
  namespace.metadata.labels = { ...namespace.metadata.labels, "kubernetes.io/metadata.name": namespace.metadata.name };
  namespace.spec = { finalizers: ["kubernetes"], ...namespace.spec };
}

export function resourceQuotaStatus(quota: KubeObject): KubeObject {
  const hard: Record<string, string> = quota.spec?.hard ?? {};
  return { hard: { ...hard }, used: Object.fromEntries(Object.keys(hard).map((key) => [key, "0"])) };
}

export const NODE_NAME = "fake-node-1";

export const NODE_IP = "10.0.0.10";

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

export function podStatus(pod: KubeObject, phase: PodPhase, podIp: string, message?: string): KubeObject {
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
