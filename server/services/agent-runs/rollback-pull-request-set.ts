import { inArray } from "drizzle-orm";
import { db, inTransaction, type Commit } from "../../../db/client";
import { agentRunRepos } from "../../../db/schema";
import { getRun } from "./get-run";
import type { Env } from "../../env.server";
import { deleteBranch } from "../../github/branches";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests } from "../../github/github-calls";
import { closePullRequest } from "../../github/pull-requests";
import { connectorToken } from "../connectors/connector-token";
import { pullRequestSet } from "./get-pull-request-set";

/**
 * Rolls the set back: closes its open pull requests and deletes their branches
 * on GitHub, outside any transaction; then records the closed ones in `commit`.
 */
export async function rollbackPullRequestSet(options: { tenantId: number; parentRunId: number; env: Env; commit?: Commit }) {
  await getRun({ tenantId: options.tenantId, runId: options.parentRunId });
  const { items } = await pullRequestSet(options);
  const results: Array<{ repository: string; prNumber: number; closed: boolean; error?: string }> = [];
  const closed: number[] = [];
  for (const item of items.filter((entry) => entry.prNumber && entry.prState === "open")) {
    try {
      const github = gitHubRequests(
        options.env,
        await connectorToken({ tenantId: options.tenantId, connectorId: item.connectorId, env: options.env }),
      );
      await github((octokit) => closePullRequest(octokit, { owner: item.owner, repo: item.name, pullNumber: item.prNumber! }));
      const branch = item.branchName;
      if (branch)
        await github((octokit) => deleteBranch(octokit, { owner: item.owner, repo: item.name, branch })).catch(() => undefined);
      closed.push(item.runRepoId);
      results.push({ repository: item.repository, prNumber: item.prNumber!, closed: true });
    } catch (error) {
      results.push({ repository: item.repository, prNumber: item.prNumber!, closed: false, error: githubErrorMessage(error) });
    }
  }
  return (options.commit ?? inTransaction)(async () => {
    if (closed.length > 0)
      await db.update(agentRunRepos).set({ prState: "closed", updatedAt: new Date() }).where(inArray(agentRunRepos.id, closed));
    return { results };
  });
}
