import * as k8sClient from "@kubernetes/client-node";
import { expect } from "vitest";
import { KUBE_MODELS } from "./kube-models";

/** Checks of built manifests against the Kubernetes schemas and Pod Security, shared by the k8s tests. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const clientModelFor: Record<string, string> = {
  Namespace: "V1Namespace",
  ServiceAccount: "V1ServiceAccount",
  ResourceQuota: "V1ResourceQuota",
  Secret: "V1Secret",
  Pod: "V1Pod",
  Service: "V1Service",
  Role: "V1Role",
  RoleBinding: "V1RoleBinding",
  NetworkPolicy: "V1NetworkPolicy",
  Ingress: "V1Ingress",
  Job: "V1Job",
  Deployment: "V1Deployment",
  ConfigMap: "V1ConfigMap",
  ClusterRole: "V1ClusterRole",
  ClusterRoleBinding: "V1ClusterRoleBinding",
  PodDisruptionBudget: "V1PodDisruptionBudget",
  HorizontalPodAutoscaler: "V2HorizontalPodAutoscaler",
};

type AttributeType = { name: string; baseName: string; type: string };
const clientModels = k8sClient as unknown as Record<string, { getAttributeTypeMap?: () => AttributeType[] } | undefined>;
const LEAF_TYPES = new Set(["string", "number", "boolean", "IntOrString", "Date", "any", "object"]);

/**
 * The OpenAPI schemas allow unknown fields (the API server would drop them, or refuse them with
 * `kubectl --validate=strict`), so this walks the object against client-node's model metadata and
 * reports every field that is not part of the Kubernetes API, e.g. a misspelt or misplaced one.
 */
function unknownFields(value: unknown, type: string, at: string): string[] {
  if (value === undefined || value === null || LEAF_TYPES.has(type)) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return [`${at} is not an array`];
    return value.flatMap((item, i) => unknownFields(item, array[1]!, `${at}[${i}]`));
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return Object.entries(value as object).flatMap(([key, item]) => unknownFields(item, map[1]!, `${at}.${key}`));
  const model = clientModels[type];
  if (!model?.getAttributeTypeMap) throw new Error(`no client-node model for ${type} at ${at}`);
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a]));
  return Object.entries(value as object).flatMap(([key, item]) => {
    const attribute = attributes.get(key);
    return attribute ? unknownFields(item, attribute.type, `${at}.${key}`) : [`${at}.${key}`];
  });
}

function allLabelMaps(manifest: object): Record<string, string>[] {
  const maps: Record<string, string>[] = [];
  const walk = (node: unknown, key?: string) => {
    if (!node || typeof node !== "object") return;
    if ((key === "labels" || key === "matchLabels" || key === "selector") && !Array.isArray(node)) {
      if (Object.values(node).every((v) => typeof v === "string")) maps.push(node as Record<string, string>);
    }
    for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(manifest);
  return maps;
}

/** Schema-valid, no unknown field, valid name, valid labels. */
export function expectValidManifest(manifest: { apiVersion: string; kind: string; metadata: { name: string } }) {
  const Model = KUBE_MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  expect(Model, `model for ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
  expect(() => new Model!(structuredClone(manifest) as never).validate()).not.toThrow();
  expect(unknownFields(manifest, clientModelFor[manifest.kind]!, manifest.kind)).toEqual([]);
  expect(manifest.metadata.name.length).toBeLessThanOrEqual(63);
  expect(manifest.metadata.name).toMatch(manifest.kind === "Service" ? DNS_1035_LABEL : DNS_LABEL);
  for (const labels of allLabelMaps(manifest)) {
    for (const [key, value] of Object.entries(labels)) {
      const [prefix, name] = key.includes("/") ? key.split("/") : [undefined, key];
      if (prefix !== undefined) expect(prefix.split(".").every((part) => DNS_LABEL.test(part))).toBe(true);
      expect(name!.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(LABEL_NAME);
      expect(value.length, `label ${key}=${value}`).toBeLessThanOrEqual(63);
      expect(value).toMatch(LABEL_VALUE);
    }
  }
}

export type PodSpecLike = NonNullable<k8sClient.V1PodTemplateSpec["spec"]>;

export function allContainers(spec: PodSpecLike): k8sClient.V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** Pod Security Standard "restricted" (plus read-only root FS) on the pod and every container. */
export function expectRestricted(spec: PodSpecLike) {
  expect(spec.securityContext).toMatchObject({
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 1000,
    fsGroup: 1000,
    seccompProfile: { type: "RuntimeDefault" },
  });
  expect(spec.hostNetwork ?? false).toBe(false);
  expect(spec.hostPID ?? false).toBe(false);
  expect(spec.hostIPC ?? false).toBe(false);
  expect(spec.automountServiceAccountToken).toBe(false);
  expect(spec.enableServiceLinks).toBe(false);
  for (const volume of spec.volumes ?? []) expect(Object.keys(volume).sort()).toEqual(["emptyDir", "name"]);
  for (const container of allContainers(spec)) {
    expect(container.securityContext, container.name).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
    });
    expect(container.securityContext?.privileged ?? false).toBe(false);
    expect(container.resources?.limits?.cpu, `${container.name} cpu limit (quota)`).toBeDefined();
    expect(container.resources?.limits?.memory, `${container.name} memory limit (quota)`).toBeDefined();
    expect(container.resources?.requests?.cpu).toBeDefined();
    expect(container.resources?.requests?.memory).toBeDefined();
    for (const port of container.ports ?? []) expect(port.hostPort).toBeUndefined();
  }
}
