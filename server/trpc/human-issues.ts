import { z } from "zod";

/**
 * Zod's default messages ("Too big: expected number to be <=999") are written
 * for programmers; a form shows its issues beside the field, so each one names
 * the field and what to do ("WIP limit must be 999 or less"). A schema's own
 * message always wins; this only replaces the defaults.
 */
type RawIssue = z.core.$ZodRawIssue;

/** Names the UI uses for fields whose key does not read well on its own. */
const LABELS: Record<string, string> = {
  wipLimit: "WIP limit",
  monthlyLimitUsd: "Monthly budget",
  perRunLimitUsd: "Per-run limit",
  warnAtPercent: "Warning threshold",
  targetUrl: "Target URL",
  endpointUrl: "Endpoint",
  inputSchema: "Input schema",
  githubLogin: "GitHub login",
  login: "GitHub login",
  repositoryIds: "Repositories",
  kubeconfig: "Kubeconfig",
  hostname: "Domain",
  apiUrl: "API URL",
};

/** `columns.1.wipLimit` → "WIP limit"; a schema may name itself with `.meta({ title })`. */
export function fieldLabel(path: readonly PropertyKey[], schema?: unknown): string {
  const titled = schema ? (z.globalRegistry.get(schema as z.ZodType) as { title?: string } | undefined)?.title : undefined;
  if (titled) return titled;
  const key = [...path].reverse().find((part): part is string => typeof part === "string");
  if (!key) return "This value";
  if (LABELS[key]) return LABELS[key];
  const words = key
    .replace(/(Ids?|Usd)$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1) || "This value";
}

const TYPE_NAMES: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "yes or no",
  array: "a list",
  object: "a group of fields",
  date: "a date",
};

const plural = (count: number | bigint, word: string) => `${count} ${word}${Number(count) === 1 ? "" : "s"}`;

function sizeMessage(label: string, issue: RawIssue & { code: "too_big" | "too_small" }) {
  const big = issue.code === "too_big";
  const limit = big ? (issue as { maximum: number | bigint }).maximum : (issue as { minimum: number | bigint }).minimum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case "string":
      if (!big && Number(limit) <= 1) return `${label} is required`;
      return big
        ? `${label} must be at most ${plural(limit, "character")}`
        : `${label} must be at least ${plural(limit, "character")}`;
    case "array":
    case "set":
      if (!big && Number(limit) <= 1) return `${label}: choose at least one`;
      return big ? `${label} can have at most ${plural(limit, "item")}` : `${label} needs at least ${plural(limit, "item")}`;
    case "number":
    case "int":
    case "bigint":
      if (big) return inclusive ? `${label} must be ${limit} or less` : `${label} must be less than ${limit}`;
      return inclusive ? `${label} must be ${limit} or more` : `${label} must be more than ${limit}`;
    default:
      return big ? `${label} is too large` : `${label} is too small`;
  }
}

/** The message for one of zod's default issues, or undefined to keep zod's own. */
export function humanIssueMessage(issue: RawIssue): string | undefined {
  const label = fieldLabel(issue.path ?? [], issue.inst);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined || issue.input === null || issue.input === "") return `${label} is required`;
      const expected = String((issue as { expected: string }).expected);
      return `${label} must be ${TYPE_NAMES[expected] ?? expected}`;
    }
    case "too_big":
    case "too_small":
      return sizeMessage(label, issue);
    case "invalid_format": {
      const format = (issue as { format: string }).format;
      if (format === "email") return `${label} must be an email address, like ada@example.com`;
      if (format === "url") return `${label} must be a full web address, like https://example.com/hook`;
      return `${label} is not in the expected format`;
    }
    case "invalid_value": {
      const values = (issue as { values: unknown[] }).values.map(String);
      return values.length === 1 ? `${label} must be ${values[0]}` : `${label} must be one of: ${values.join(", ")}`;
    }
    case "not_multiple_of":
      return `${label} must be a multiple of ${String((issue as { divisor: number }).divisor)}`;
    case "unrecognized_keys":
      return `Unknown field${(issue as { keys: string[] }).keys.length === 1 ? "" : "s"}: ${(issue as { keys: string[] }).keys.join(", ")}`;
    default:
      return undefined;
  }
}

let installed = false;

/** Makes zod's default messages the ones above, once per process. */
export function installHumanIssues() {
  if (installed) return;
  installed = true;
  z.config({ customError: humanIssueMessage });
}
