// Every kind the fake serves, by API group, and lookups by path or name.
import { DEPLOYMENTS } from "./apps";
import { JOBS } from "./batch";
import { CONFIG_MAPS, NAMESPACES, NODES, PODS, RESOURCE_QUOTAS, SECRETS, SERVICE_ACCOUNTS, SERVICES } from "./core";
import { INGRESSES, NETWORK_POLICIES } from "./networking";
import { ROLE_BINDINGS, ROLES } from "./rbac";
import type { ResourceType } from "./resource-type";

export const RESOURCES: ResourceType[] = [
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

export const VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((rt) => rt.group === group && rt.version === version && rt.plural === plural);
}

/** For the test helpers: "jobs", "job" or "Job". */
export function resourceNamed(kind: string): ResourceType {
  const wanted = kind.toLowerCase();
  const found = RESOURCES.find((rt) => rt.plural === wanted || rt.singular === wanted);
  if (!found)
    throw new Error(`fake kube-apiserver: unknown kind "${kind}" (serves ${RESOURCES.map((rt) => rt.plural).join(", ")})`);
  return found;
}
