// networking.k8s.io/v1: NetworkPolicies and Ingresses.
import { type FieldError, fieldInvalid, fieldRequired, fieldUnsupported } from "./errors";
import { isObject } from "./objects";
import { resource } from "./resource-type";
import type { KubeObject } from "./types";

const NETWORKING = "networking.k8s.io";

export const NETWORK_POLICIES = resource(NETWORKING, "networkpolicies", "NetworkPolicy", { shortNames: ["netpol"] });

export const INGRESSES = resource(NETWORKING, "ingresses", "Ingress", { hasStatus: true, shortNames: ["ing"] });

/**
 * NetworkPolicy defaults: a port's protocol is TCP; without `policyTypes` the policy is Ingress,
 * plus Egress when it has egress rules.
 */
export function defaultNetworkPolicy(policy: KubeObject): void {
  if (!isObject(policy.spec)) return;
  const spec = policy.spec;
  const rules = [...(Array.isArray(spec.ingress) ? spec.ingress : []), ...(Array.isArray(spec.egress) ? spec.egress : [])];
  for (const rule of rules)
    if (isObject(rule) && Array.isArray(rule.ports))
      for (const port of rule.ports) if (isObject(port)) port.protocol ??= "TCP";
  spec.policyTypes ??= Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

const PATH_TYPES = ["Exact", "Prefix", "ImplementationSpecific"];

export function validateIngress(ingress: KubeObject): FieldError[] {
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
