import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests, type GitHubCall } from "../../github/github-calls";
import { pullRequestHead } from "../../github/pull-requests";
import type { RunRepo } from "./run-repos";
import { connectorToken } from "../connectors/connector-token";
import type { WorkspaceSource } from "../../git/local-workspace";

export type GitContext = { source: WorkspaceSource; github: GitHubCall; token: string };

/** The connector's token and what to clone: the base branch, or a pull request's head for reviews. */
export async function prepareGit(options: {
  tenantId: number;
  env: Env;
  repo: RunRepo;
  mode: AgentRun["mode"];
}): Promise<GitContext> {
  const { repo } = options;
  const token = await connectorToken({ tenantId: options.tenantId, connectorId: repo.connectorId, env: options.env });
  const github = gitHubRequests(options.env, token);
  if (options.mode === "review" && repo.prNumber) {
    const pullNumber = repo.prNumber;
    const head = await github((octokit) => pullRequestHead(octokit, { owner: repo.owner, repo: repo.name, pullNumber })).catch(
      (error: unknown) => {
        throw new Error(`Could not read pull request #${repo.prNumber}: ${githubErrorMessage(error)}`);
      },
    );
    return { token, github, source: { cloneUrl: repo.cloneUrl, checkout: head.ref, branch: null, token } };
  }
  return {
    token,
    github,
    source: {
      cloneUrl: repo.cloneUrl,
      checkout: repo.baseBranch ?? repo.defaultBranch,
      branch: repo.branchName ?? `al/${options.mode}/run`,
      token,
    },
  };
}
