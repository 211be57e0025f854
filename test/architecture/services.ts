import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export type SourceFile = { path: string; source: string };

/** The SDKs of the services we call out to: only their adapters (server/github/, k8s/, server/storage/, server/models/) import them. */
export const OUTSIDE_SDKS = [/^@octokit\//, /^@kubernetes\/client-node$/, /^@anthropic-ai\/sdk$/, /^openai$/, /^@aws-sdk\//];

/** The module that builds GitHub clients; services reach GitHub through the adapters' calls (github-calls.ts) instead. */
export const GITHUB_CLIENT_FACTORY = "server/github/client.ts";

/**
 * Service files allowed an outside SDK import, each with why. Only type-only
 * imports are ever allowed here: the check still refuses a value import from them.
 */
export const SDK_TYPE_IMPORTS_ALLOWED = new Map([
  // The webhook summary names the payload types of GitHub's events; it makes no call.
  ["server/services/webhooks/summarise-delivery.ts", "@octokit/webhooks"],
]);

/**
 * Service files that export more than one function: shared helpers (a noun
 * name) whose functions belong together. Every operation has a file of its own;
 * the test fails on an entry that no longer needs to be here.
 */
export const MULTI_FUNCTION_FILES_ALLOWED = new Set([
  "server/services/projects/lock-board.ts",
  "server/services/tickets/lock-ticket.ts",
  "server/services/tickets/place-in-column.ts",
  "server/services/sessions/session-cache.ts",
  "server/services/projects/board-columns.ts",
  "server/services/repositories/connector-github.ts",
  "server/services/agent-runs/run-repos.ts",
  "server/services/agent-runs/pod-auth.ts",
  "server/services/tenants/assert-member.ts",
  "server/services/clusters/tenant-namespace.ts",
  "server/services/domains/domain-columns.ts",
  "server/services/hooks/hook-presence.ts",
  "server/services/model-prices/model-price-row.ts",
]);

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
const EXPORTED_FUNCTION =
  /^export\s+(?:async\s+)?function\s*\*?\s*(\w+)|^export\s+const\s+(\w+)\s*=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|\w+\s*=>)/gm;
/** Octokit's request methods: a service that uses them calls GitHub itself instead of through an adapter. */
const OCTOKIT_CALL = /\.(rest\.\w+\.\w+|paginate)\s*\(|\.request\(\s*["'](GET|POST|PATCH|PUT|DELETE) \//;

/** The non-test TypeScript files under server/services/, with their text. */
export function serviceFiles(root: string): SourceFile[] {
  const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "server/services/"], {
    cwd: root,
    encoding: "utf8",
  });
  return listed
    .split("\n")
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => ({ path: file, source: readFileSync(path.join(root, file), "utf8") }));
}

/** Imports of an outside SDK or of the GitHub client factory from a service, and direct Octokit calls in one. */
export function outsideCallViolations(files: SourceFile[]) {
  const violations: string[] = [];
  for (const file of files) {
    for (const match of file.source.matchAll(IMPORT)) {
      const specifier = (match[3] ?? match[4])!;
      const typeOnly = !!match[2];
      if (OUTSIDE_SDKS.some((sdk) => sdk.test(specifier))) {
        if (typeOnly && SDK_TYPE_IMPORTS_ALLOWED.get(file.path) === specifier) continue;
        violations.push(`${file.path} imports ${specifier}: services call outside services through their adapters`);
      }
      if (specifier.startsWith(".")) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier));
        if (`${target.replace(/\.ts$/, "")}.ts` === GITHUB_CLIENT_FACTORY)
          violations.push(`${file.path} imports ${GITHUB_CLIENT_FACTORY}: services reach GitHub through server/github/ adapters`);
      }
    }
    if (OCTOKIT_CALL.test(file.source))
      violations.push(`${file.path} calls Octokit itself: a GitHub call is an adapter function in server/github/`);
  }
  return violations;
}

/** The functions a module exports. */
export function exportedFunctions(source: string) {
  return [...source.matchAll(EXPORTED_FUNCTION)].map((match) => (match[1] ?? match[2])!);
}

/** Service files exporting more than one function that are not on the allowlist, and allowlist entries no longer needed. */
export function operationsPerFileViolations(files: SourceFile[], allowed: Set<string> = MULTI_FUNCTION_FILES_ALLOWED) {
  const violations: string[] = [];
  const seen = new Set(files.map((file) => file.path));
  for (const file of files) {
    const functions = exportedFunctions(file.source);
    if (functions.length > 1 && !allowed.has(file.path))
      violations.push(`${file.path} exports ${functions.length} functions (${functions.join(", ")}): one operation per file`);
    if (functions.length <= 1 && allowed.has(file.path))
      violations.push(`${file.path} exports one function now: take it off MULTI_FUNCTION_FILES_ALLOWED`);
  }
  for (const file of allowed) if (!seen.has(file)) violations.push(`${file} is gone: take it off MULTI_FUNCTION_FILES_ALLOWED`);
  return violations;
}
