import type { Env } from "../../env.server";
import { getTree } from "../../github/repositories";
import { withGitHub } from "./connector-github";
import { getRepository } from "./get-repository";

/** The file tree at a branch (or sha), folders first. */
export async function fileTree(options: { tenantId: number; repositoryId: number; env: Env; ref?: string }) {
  const repo = await getRepository(options);
  const ref = options.ref ?? repo.defaultBranch;
  const data = await withGitHub({ ...options, connectorId: repo.connectorId }, (octokit) =>
    getTree(octokit, { owner: repo.owner, repo: repo.name, ref }),
  );
  return {
    ref,
    truncated: data.truncated,
    entries: data.entries
      .filter((entry) => entry.type === "blob" || entry.type === "tree")
      .map((entry) => ({
        path: entry.path,
        type: entry.type === "tree" ? ("dir" as const) : ("file" as const),
        size: entry.size,
      })),
  };
}
