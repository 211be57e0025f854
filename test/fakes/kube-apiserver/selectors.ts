// Label and field selectors, as list and watch requests filter by them.
import { badRequest } from "./errors";
import { getPath } from "./objects";
import type { KubeObject } from "./types";

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

export type ObjectFilter = (object: KubeObject) => boolean;

/** The filter a list or watch request asks for: namespace, labelSelector and fieldSelector. */
export function filterFor(namespace: string | null, query: URLSearchParams): ObjectFilter {
  const labels = parseLabelSelector(query.get("labelSelector") ?? "");
  const fields = parseFieldSelector(query.get("fieldSelector") ?? "");
  return (object) => {
    if (namespace !== null && object.metadata?.namespace !== namespace) return false;
    const objectLabels = (object.metadata?.labels ?? {}) as Record<string, string>;
    if (!labels.every((requirement) => requirementMatches(requirement, objectLabels))) return false;
    return fields.every(({ path, equal, value }) => (String(getPath(object, path) ?? "") === value) === equal);
  };
}
