import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The layers of the code, highest first. A module may import its own layer and
 * the ones below it, never one above (docs/architecture.md draws them).
 */
export const LAYERS = ["entry", "services", "adapters", "db"] as const;
export type Layer = (typeof LAYERS)[number];

const ENTRY = [
  /^app\//,
  /^server\/(routers|trpc|agents|http)\//,
  /^server\/(main|cli|runtime|client|config-reference|config-reference-cli|shutdown)\.ts$/,
  /^jobs\/(index|run-sweeper)\.ts$/,
  /^jobs\/[^/]+\.worker\.ts$/,
  // The seed is a program: it builds the demo workspace through the services.
  /^db\/(seed|seed-cli|migrate-cli)\.ts$/,
  // The GitHub sign-in strategy signs people in through the session services.
  /^server\/auth\/github-(login|connect)\.ts$/,
  /^k8s\/(cli|deploy\/cli)\.ts$/,
];

/** Libraries that live beside the entry code they serve, and import nothing above them. */
const LIBRARIES_IN_ENTRY_FOLDERS = new Set([
  // superjson with shared serialisation: the tRPC link and the event bus's feeds both use it.
  "server/trpc/shared-serialization.ts",
]);

/** Which layer a repository path belongs to; null for tests, fakes, benches and config, which may import anything. */
export function layerOf(file: string): Layer | null {
  if (LIBRARIES_IN_ENTRY_FOLDERS.has(file)) return "adapters";
  if (/(^|\/)(test|e2e)\//.test(file) || /\.test\.tsx?$/.test(file) || !/^(app|server|jobs|db|k8s)\//.test(file)) return null;
  if (ENTRY.some((pattern) => pattern.test(file))) return "entry";
  if (file.startsWith("server/services/")) return "services";
  if (file.startsWith("db/")) return "db";
  return "adapters";
}

/**
 * Entry points that may touch the Drizzle client although they are not
 * services: the process's wiring (connect, migrate, close) and the two places
 * that open the transaction an API mutation and its audit entry share.
 */
export const DATABASE_CLIENT_ALLOWED = new Set([
  "server/main.ts",
  "server/runtime.ts",
  "server/cli.ts",
  "server/trpc/procedures.ts",
  "app/session.server.ts",
  "db/seed.ts",
  "db/seed-cli.ts",
  "db/migrate-cli.ts",
]);

export type Import = { from: string; to: string; typeOnly: boolean };

const IMPORT =
  /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/gm;

function resolve(from: string, specifier: string, files: Set<string>) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

/** Every relative import between tracked TypeScript files. */
export function repositoryImports(root: string): Import[] {
  const listed = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "*.ts", "*.tsx"], { cwd: root, encoding: "utf8" });
  const files = new Set(listed.split("\n").filter(Boolean));
  const imports: Import[] = [];
  for (const from of files) {
    const source = readFileSync(path.join(root, from), "utf8");
    for (const match of source.matchAll(IMPORT)) {
      const to = resolve(from, (match[3] ?? match[4])!, files);
      if (to) imports.push({ from, to, typeOnly: !!match[2] });
    }
  }
  return imports;
}

/** The imports that break a layering rule, each with the rule it breaks. */
export function layerViolations(imports: Import[]) {
  const rank = (layer: Layer) => LAYERS.length - LAYERS.indexOf(layer);
  const violations: string[] = [];
  for (const { from, to } of imports) {
    const source = layerOf(from);
    const target = layerOf(to);
    if (!source || !target) continue;
    if (rank(target) > rank(source))
      violations.push(`${from} (${source}) imports ${to} (${target}): a layer may not import one above it`);
    if (to === "db/client.ts" && source === "entry" && !DATABASE_CLIENT_ALLOWED.has(from)) {
      violations.push(`${from} imports the database client: entry points reach the database through services`);
    }
  }
  return violations;
}
