import { readFileSync } from "node:fs";
import path from "node:path";
import type { V1ClusterRole, V1PolicyRule } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

const docFile = path.resolve(import.meta.dirname, "../../docs/kubernetes.md");

/** The app's RBAC as docs/kubernetes.md lists it: the ClusterRoles of its `assembly-lime-rbac.yaml` block, by name. */
export function documentedRules(): Record<string, V1PolicyRule[]> {
  const doc = readFileSync(docFile, "utf8");
  const block = /```yaml\n(# assembly-lime-rbac\.yaml\n[\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error("docs/kubernetes.md has no assembly-lime-rbac.yaml block");
  const roles = parseAllDocuments(block)
    .map((document) => document.toJS() as V1ClusterRole)
    .filter((object) => object.kind === "ClusterRole");
  return Object.fromEntries(roles.map((role) => [role.metadata!.name!, role.rules ?? []]));
}

/** Rules as sorted `group/resource:verb` lines, so two rule lists compare by what they grant. */
export function permissions(rules: V1PolicyRule[]): string[] {
  return rules
    .flatMap((rule) =>
      (rule.apiGroups ?? []).flatMap((group) =>
        (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => `${group}/${resource}:${verb}`)),
      ),
    )
    .sort();
}
