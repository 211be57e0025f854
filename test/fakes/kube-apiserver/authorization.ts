// RBAC for the app's own account: each resource request as the verb, group and resource RBAC names, checked against rules.
import type { V1PolicyRule } from "@kubernetes/client-node";
import { KubeError } from "./errors";
import { qualifiedResource } from "./resource-type";
import type { Target } from "./routes";
import type { KubeCall } from "./types";

/** The account the fake's token stands for, as a real server names it in a denial. */
export const APP_USER = "system:serviceaccount:assembly-lime-system:assembly-lime";

/** The RBAC verb of a request: GET is get, list or watch; DELETE of a collection is deletecollection. */
export function callOf(target: Target, method: string, query: URLSearchParams): KubeCall | undefined {
  const { rt, namespace, name, subresource } = target;
  const watching = target.watch || query.get("watch") === "true" || query.get("watch") === "1";
  const verb =
    method === "GET"
      ? watching
        ? "watch"
        : name === undefined
          ? "list"
          : "get"
      : method === "POST"
        ? "create"
        : method === "PUT"
          ? "update"
          : method === "PATCH"
            ? "patch"
            : method === "DELETE"
              ? name === undefined
                ? "deletecollection"
                : "delete"
              : undefined;
  if (!verb) return undefined;
  return {
    verb,
    group: rt.group,
    resource: subresource ? `${rt.plural}/${subresource}` : rt.plural,
    namespace,
    ...(name !== undefined ? { name } : {}),
  };
}

/** Whether any rule grants the call (the rules are bound cluster-wide, so a namespace never narrows them). */
export function allows(rules: V1PolicyRule[], call: KubeCall): boolean {
  const matches = (values: string[] | undefined, value: string) => (values ?? []).some((v) => v === "*" || v === value);
  return rules.some(
    (rule) =>
      matches(rule.apiGroups, call.group) &&
      matches(rule.resources, call.resource) &&
      matches(rule.verbs, call.verb) &&
      (rule.resourceNames === undefined || rule.resourceNames.length === 0 || rule.resourceNames.includes(call.name ?? "")),
  );
}

/** 403 Forbidden, worded as the RBAC authorizer words it. */
export function forbiddenCall(target: Target, call: KubeCall): KubeError {
  const subject = call.name !== undefined ? `${qualifiedResource(target.rt)} "${call.name}"` : qualifiedResource(target.rt);
  const scope = call.namespace !== null ? `in the namespace "${call.namespace}"` : "at the cluster scope";
  return new KubeError(
    403,
    "Forbidden",
    `${subject} is forbidden: User "${APP_USER}" cannot ${call.verb} resource "${call.resource}" in API group "${call.group}" ${scope}`,
    { ...(call.name !== undefined ? { name: call.name } : {}), ...(call.group ? { group: call.group } : {}), kind: target.rt.plural },
  );
}
