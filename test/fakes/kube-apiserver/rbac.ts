// rbac.authorization.k8s.io/v1: Roles and RoleBindings.
import { isDeepStrictEqual } from "node:util";
import { type FieldError, fieldInvalid, fieldRequired, fieldUnsupported } from "./errors";
import { isObject } from "./objects";
import { resource } from "./resource-type";
import type { KubeObject } from "./types";

const RBAC = "rbac.authorization.k8s.io";

export const ROLES = resource(RBAC, "roles", "Role", { nameRule: "path" });

export const ROLE_BINDINGS = resource(RBAC, "rolebindings", "RoleBinding", { nameRule: "path" });

export function validateRole(role: KubeObject): FieldError[] {
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

export function validateRoleBinding(binding: KubeObject, old?: KubeObject): FieldError[] {
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
