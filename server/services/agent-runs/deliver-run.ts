import type { AgentRun } from "../../../db/schema";
import type { Env } from "../../env.server";
import { commitAll, pushBranch } from "../../git/pipeline";
import { githubErrorMessage } from "../../github/error-message";
import { postReview } from "../../github/pull-requests";
import { updateRunRepository, type RunRepo } from "./run-repos";
import { openRunPullRequest } from "./open-run-pull-request";
import type { GitContext } from "./prepare-git";
import type { Incomplete } from "./pull-request-body";
import { pullRequestTitle } from "./pull-request-title";

/**
 * Where a run's work ends up: `implement` and `bugfix` commit, push their
 * branch and open (or update) a pull request; `review` posts its review on the
 * pull request it was given; `plan` never pushes. No changes → no commit.
 * A run a limit stopped pushes its work as a draft pull request marked
 * incomplete, and posts no review. A rejected push or a failed pull request
 * throws: the run fails with the reason.
 */
export async function deliverRun(options: {
  tenantId: number;
  env: Env;
  run: AgentRun;
  repo: RunRepo;
  git: GitContext;
  dir: string;
  changed: boolean;
  ticket: { key: string; title: string } | null;
  incomplete?: Incomplete | null;
  emit: (type: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { run, repo, git, emit, incomplete } = options;
  const log = (message: string) => emit("log", { level: "info", message });
  if (run.mode === "plan") return log("Plan runs never push; the plan is the result.");
  if (run.mode === "review" && incomplete) return log("The review stopped before it was finished, so it is not posted.");
  if (run.mode === "review") {
    if (!repo.prNumber) return log("No pull request was given, so the review stays here.");
    const pullNumber = repo.prNumber;
    const review = await git
      .github((octokit) => postReview(octokit, { owner: repo.owner, repo: repo.name, pullNumber, body: run.summary ?? "" }))
      .catch((error: unknown) => {
        throw new Error(`Posting the review on #${repo.prNumber} failed: ${githubErrorMessage(error)}`);
      });
    return emit("log", { level: "info", message: `Posted the review on pull request #${repo.prNumber}.`, url: review.url });
  }
  if (!options.changed) {
    await updateRunRepository({ tenantId: options.tenantId, runId: run.id, runRepoId: repo.id, set: { status: "no_changes" } });
    return log("The agent made no changes: nothing to commit, no pull request.");
  }

  const branch = git.source.branch!;
  const title = pullRequestTitle(run, options.ticket);
  const sha = await commitAll(
    options.dir,
    `${incomplete ? "WIP: " : ""}${title}\n\n${incomplete ? `Incomplete: ${incomplete.stop.message}\n\n` : ""}${run.summary ?? ""}\n\nAssembly-Lime-Run: ${run.id}\nAgent: ${run.provider}/${run.model} (${run.mode})\n`,
  );
  if (!sha) return log("Nothing to commit.");
  await log(`Committed ${sha.slice(0, 7)} on ${branch}.`);
  await pushBranch({ dir: options.dir, branch, token: git.token, cloneUrl: git.source.cloneUrl });
  await updateRunRepository({
    tenantId: options.tenantId,
    runId: run.id,
    runRepoId: repo.id,
    set: { status: "pushed", headSha: sha },
  });
  await log(`Pushed ${branch} to ${repo.fullName}.`);

  await openRunPullRequest({
    tenantId: options.tenantId,
    env: options.env,
    run,
    repo,
    github: git.github,
    branch,
    title,
    ticket: options.ticket,
    incomplete,
    emit,
  });
}
