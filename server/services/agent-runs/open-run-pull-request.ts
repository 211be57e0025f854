import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { githubErrorMessage } from "../../github/error-message";
import type { GitHubCall } from "../../github/github-calls";
import { openPullRequest } from "../../github/pull-requests";
import { getRun } from "./get-run";
import { updateRunRepository, type RunRepo } from "./run-repos";
import { pullRequestBody, type Incomplete } from "./pull-request-body";

/** Opens (or updates) the run's pull request for a pushed branch, records it and says so in the transcript. */
export async function openRunPullRequest(options: {
  tenantId: number;
  env: Env;
  run: AgentRun;
  repo: RunRepo;
  github: GitHubCall;
  branch: string;
  title: string;
  ticket: { key: string; title: string } | null;
  incomplete?: Incomplete | null;
  emit: (type: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { run, repo, branch, title, incomplete } = options;
  const current = await getRun({ tenantId: options.tenantId, runId: run.id });
  const body = pullRequestBody({
    env: options.env,
    run: current,
    summary: run.summary ?? "",
    ticket: options.ticket,
    incomplete,
  });
  const pull = await options
    .github((octokit) =>
      openPullRequest(octokit, {
        owner: repo.owner,
        repo: repo.name,
        head: branch,
        base: repo.baseBranch ?? repo.defaultBranch,
        title,
        body,
        draft: Boolean(incomplete),
      }),
    )
    .catch((error: unknown) => {
      throw new Error(`${branch} was pushed, but opening the pull request failed: ${githubErrorMessage(error)}`);
    });
  await updateRunRepository({
    tenantId: options.tenantId,
    runId: run.id,
    runRepoId: repo.id,
    set: { status: "pr_opened", prNumber: pull.number, prUrl: pull.url, prState: "open", headSha: pull.headSha },
    mirrorOnRun: true,
  });
  await options.emit("pull_request", {
    number: pull.number,
    url: pull.url,
    branch,
    repository: repo.fullName,
    title,
    ...(incomplete ? { draft: true } : {}),
  });
}
