import type { Octokit } from "@octokit/rest";

/** Deletes a branch (its `heads/` ref) on GitHub. */
export async function deleteBranch(octokit: Octokit, options: { owner: string; repo: string; branch: string }) {
  await octokit.rest.git.deleteRef({ owner: options.owner, repo: options.repo, ref: `heads/${options.branch}` });
}
