import { and, eq, notInArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositoryConfigs } from "../../../db/schema";
import type { Env } from "../../env.server";
import { connectorToken } from "../connectors/connector-token";
import { gitHubRequests } from "../../github/github-calls";
import { getFile, getTree } from "../../github/repositories";
import { getRepository } from "./get-repository";
import { AppError } from "../../errors";
import { setConfigScanState } from "./config-scan-state";
import { detectConfig } from "./detect-config";

/** Config files worth knowing about, by file name, and what kind of project each says it is. */
const KNOWN: Array<{ match: RegExp; kind: string }> = [
  { match: /(^|\/)package\.json$/, kind: "node" },
  { match: /(^|\/)tsconfig\.json$/, kind: "typescript" },
  { match: /(^|\/)Dockerfile$/, kind: "docker" },
  { match: /(^|\/)(docker-)?compose\.ya?ml$/, kind: "compose" },
  { match: /(^|\/)go\.mod$/, kind: "go" },
  { match: /(^|\/)pyproject\.toml$/, kind: "python" },
  { match: /(^|\/)requirements\.txt$/, kind: "python" },
  { match: /(^|\/)Cargo\.toml$/, kind: "rust" },
  { match: /(^|\/)pom\.xml$/, kind: "maven" },
  { match: /(^|\/)build\.gradle(\.kts)?$/, kind: "gradle" },
  { match: /(^|\/)Gemfile$/, kind: "ruby" },
  { match: /(^|\/)composer\.json$/, kind: "php" },
  { match: /(^|\/)Makefile$/, kind: "make" },
  { match: /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/, kind: "github-actions" },
  { match: /(^|\/)AGENTS\.md$/, kind: "agents" },
];
const MAX_FILES = 60;

/**
 * Scans a repository's default branch for config files (a pg-boss job):
 * found files are stored with what they say; files gone since the last scan are removed.
 * Its state (scanning, then done or failed with why) shows live on the repository's page.
 */
export async function scanRepositoryConfigs(options: { tenantId: number; repositoryId: number; env: Env }) {
  const repo = await getRepository(options);
  await setConfigScanState({ ...options, status: "scanning" });
  try {
    const files = await scanFiles(options, repo);
    await setConfigScanState({ ...options, status: "done" });
    return { files };
  } catch (cause) {
    await setConfigScanState({ ...options, status: "failed", error: scanFailure(cause, repo) });
    throw cause;
  }
}

/** What a person reads of a failed scan: our own errors as they are, GitHub's by its status (never its body). */
function scanFailure(cause: unknown, repo: { fullName: string; defaultBranch: string }) {
  if (cause instanceof AppError) return cause.message;
  const status = (cause as { status?: unknown }).status;
  if (status === 404) return `GitHub has no branch ${repo.defaultBranch} in ${repo.fullName}, or the connector cannot read it.`;
  return typeof status === "number"
    ? `GitHub answered ${status} while the scan read ${repo.fullName}.`
    : `The scan could not read ${repo.fullName} from GitHub.`;
}

async function scanFiles(options: { tenantId: number; env: Env }, repo: Awaited<ReturnType<typeof getRepository>>) {
  const github = gitHubRequests(options.env, await connectorToken({ ...options, connectorId: repo.connectorId }));
  const tree = await github((octokit) => getTree(octokit, { owner: repo.owner, repo: repo.name, ref: repo.defaultBranch }));
  const found = tree.entries
    .filter((entry) => entry.type === "blob" && !entry.path.includes("node_modules/"))
    .flatMap((entry) => {
      const known = KNOWN.find((candidate) => candidate.match.test(entry.path));
      return known ? [{ path: entry.path, kind: known.kind, sha: entry.sha }] : [];
    })
    .slice(0, MAX_FILES);
  for (const file of found) {
    const data = await github((octokit) =>
      getFile(octokit, { owner: repo.owner, repo: repo.name, path: file.path, ref: repo.defaultBranch }),
    );
    const content = data?.content ? Buffer.from(data.content, "base64").toString("utf8") : "";
    const detected = detectConfig(file.kind, content);
    await db
      .insert(repositoryConfigs)
      .values({
        tenantId: options.tenantId,
        repositoryId: repo.id,
        path: file.path,
        kind: file.kind,
        detected,
        contentSha: file.sha,
      })
      .onConflictDoUpdate({
        target: [repositoryConfigs.repositoryId, repositoryConfigs.path],
        set: { kind: file.kind, detected, contentSha: file.sha, scannedAt: new Date() },
      });
  }
  await db.delete(repositoryConfigs).where(
    and(
      eq(repositoryConfigs.repositoryId, repo.id),
      eq(repositoryConfigs.tenantId, options.tenantId),
      found.length
        ? notInArray(
            repositoryConfigs.path,
            found.map((file) => file.path),
          )
        : undefined,
    ),
  );
  return found.length;
}
