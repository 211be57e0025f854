import type { AgentRun, RunStopReason } from "../../../db/schema";
import type { Env } from "../../env.server";
import { commitAll, pushBranch } from "../../git/pipeline";
import { githubErrorMessage } from "../../github/error-message";
import { gitHubRequests, type GitHubCall } from "../../github/github-calls";
import { openPullRequest, postReview, pullRequestHead } from "../../github/pull-requests";
import { getRun } from "./get-run";
import { listRunRepositories, updateRunRepository } from "./run-repos";
import { connectorToken } from "../connectors/connector-token";
import { getTicketCard } from "../tickets/ticket-card";
import { db } from "../../../db/client";
import type { WorkspaceSource } from "../../git/local-workspace";

type RunRepo = Awaited<ReturnType<typeof listRunRepositories>>[number];
export type GitContext = { source: WorkspaceSource; github: GitHubCall; token: string };
/** A run a limit stopped: its work goes out as a draft pull request that says so. */
export type Incomplete = {
  stop: { reason: RunStopReason; message: string };
  files: Array<{ filePath: string; additions: number; deletions: number }>;
};

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

/**
 * Where a run's work ends up: `implement` and `bugfix` commit, push their
 * branch and open (or update) a pull request; `review` posts its review on the
 * pull request it was given; `plan` never pushes. No changes → no commit.
 * A run a limit stopped pushes its work as a draft pull request marked
 * incomplete, and posts no review. A rejected push or a failed pull request
 * throws: the run fails with the reason.
 */
export async function deliverToGitHub(options: {
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

/** Opens (or updates) the run's pull request for a pushed branch, records it and says so in the transcript. */
async function openRunPullRequest(options: {
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

/** A Kubernetes pod pushed the run's branch: the app (which holds the connector's token) opens the pull request. */
export async function deliverPushedBranch(options: {
  tenantId: number;
  env: Env;
  run: AgentRun;
  pushed: { branch: string; sha: string };
  incomplete?: Incomplete | null;
  emit: (type: string, payload: Record<string, unknown>) => Promise<void>;
}) {
  const { run } = options;
  if (run.mode !== "implement" && run.mode !== "bugfix") return;
  const [repo] = await listRunRepositories({ tenantId: options.tenantId, runId: run.id });
  if (!repo) return;
  if (options.pushed.branch !== repo.branchName)
    throw new Error(`The pod pushed ${options.pushed.branch}, not the run's branch ${repo.branchName}.`);
  const token = await connectorToken({ tenantId: options.tenantId, connectorId: repo.connectorId, env: options.env });
  const ticket = run.ticketId ? await getTicketCard(db, { tenantId: options.tenantId, ticketId: run.ticketId }) : null;
  const ticketRef = ticket ? { key: ticket.key, title: ticket.title } : null;
  await updateRunRepository({
    tenantId: options.tenantId,
    runId: run.id,
    runRepoId: repo.id,
    set: { status: "pushed", headSha: options.pushed.sha },
  });
  await openRunPullRequest({
    tenantId: options.tenantId,
    env: options.env,
    run,
    repo,
    github: gitHubRequests(options.env, token),
    branch: options.pushed.branch,
    title: pullRequestTitle(run, ticketRef),
    ticket: ticketRef,
    incomplete: options.incomplete,
    emit: options.emit,
  });
}

function pullRequestTitle(run: AgentRun, ticket: { key: string; title: string } | null) {
  const subject = ticket ? `${ticket.key}: ${ticket.title}` : (run.prompt.split("\n")[0] ?? "Agent changes").trim();
  return subject.length > 72 ? `${subject.slice(0, 71)}…` : subject || `Changes from run #${run.id}`;
}

export function pullRequestBody(options: {
  env: Env;
  run: AgentRun;
  summary: string;
  ticket: { key: string; title: string } | null;
  incomplete?: Incomplete | null;
}) {
  const { run, env, incomplete } = options;
  const lines: string[] = [];
  if (incomplete)
    lines.push(
      `> [!WARNING]`,
      `> **Incomplete.** This run stopped before the agent finished: ${incomplete.stop.message}`,
      "> The branch holds the work so far. Review it, then finish it by hand or in another run.",
      "",
    );
  if (options.ticket) {
    const [projectKey] = options.ticket.key.split("-");
    lines.push(
      `Ticket: [${options.ticket.key}](${env.APP_URL}/projects/${projectKey}?ticket=${options.ticket.key}) — ${options.ticket.title}`,
      "",
    );
  }
  if (incomplete) {
    lines.push(
      "## What was done",
      "",
      ...incomplete.files.map((file) => `- \`${file.filePath}\` (+${file.additions} −${file.deletions})`),
      "",
    );
    lines.push("## The agent's last words", "", options.summary.trim() || "_None._", "");
    lines.push("## Why it stopped", "", incomplete.stop.message, "");
  } else lines.push("## Summary", "", options.summary.trim() || "_No summary._", "");
  const cost = (run.costMicroUsd / 1_000_000).toFixed(4);
  lines.push(
    "---",
    `Run [#${run.id}](${env.APP_URL}/runs/${run.id}) · ${run.provider} \`${run.model}\` · ${run.mode} · ${run.inputTokens + run.outputTokens} tokens · $${cost}`,
    "",
    "_Opened by Assembly Lime._",
  );
  return lines.join("\n");
}
