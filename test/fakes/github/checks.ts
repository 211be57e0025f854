// Check runs: recorded by tests (`addCheckRun`), listed through the REST API; each change delivers `check_run`.
import { commitInfo, listBranches, resolveCommit } from "./git-repo";
import { accountJson } from "./accounts";
import { now } from "./http";
import { requireRepo } from "./repos";
import { error, paginate } from "./rest";
import { emit } from "./webhooks";
import type { FakeGitHubStore } from "./store";
import type { AddCheckRunInput, Api, FakeCheckRun, FakeRepo, Reply } from "./types";

/** The CI app every fake check run belongs to, as GitHub shows an app ("integration"). */
function appJson(store: FakeGitHubStore, repo: FakeRepo) {
  return {
    id: 1,
    slug: "fake-ci",
    node_id: "A_1",
    owner: accountJson(store, repo.owner, "Organization"),
    name: "Fake CI",
    description: "Checks for the fake GitHub",
    external_url: `${store.baseUrl}/apps/fake-ci`,
    html_url: `${store.baseUrl}/apps/fake-ci`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    permissions: { checks: "write", metadata: "read" },
    events: ["check_run", "check_suite"],
  };
}

/** A fake run's suite (each run is alone in its own); webhooks carry it whole, the REST API only its id. */
async function checkSuiteJson(store: FakeGitHubStore, repo: FakeRepo, run: FakeCheckRun) {
  const branch = (await listBranches(repo.gitDir)).find((candidate) => candidate.sha === run.headSha);
  const json = checkRunJson(store, repo, run);
  return {
    id: run.id,
    node_id: `CS_${run.id}`,
    head_branch: branch?.name ?? null,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    url: `${store.apiUrl}/repos/${repo.fullName}/check-suites/${run.id}`,
    before: null,
    after: run.headSha,
    app: json.app,
    pull_requests: json.pull_requests,
    created_at: run.startedAt,
    updated_at: run.completedAt ?? run.startedAt,
  };
}

function checkRunJson(store: FakeGitHubStore, repo: FakeRepo, run: FakeCheckRun) {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    external_id: String(run.id),
    url: `${store.apiUrl}/repos/${repo.fullName}/check-runs/${run.id}`,
    html_url: `${repo.htmlUrl}/runs/${run.id}`,
    details_url: `${repo.htmlUrl}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: "" },
    name: run.name,
    check_suite: { id: run.id },
    app: appJson(store, repo),
    pull_requests: repo.pulls
      .filter((pull) => pull.state === "open" && pull.head.sha === run.headSha)
      .map((pull) => ({
        url: `${store.apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`,
        id: pull.id,
        number: pull.number,
        head: {
          ref: pull.head.ref,
          sha: pull.head.sha,
          repo: { id: repo.id, url: `${store.apiUrl}/repos/${repo.fullName}`, name: repo.name },
        },
        base: {
          ref: pull.base.ref,
          sha: pull.base.sha,
          repo: { id: repo.id, url: `${store.apiUrl}/repos/${repo.fullName}`, name: repo.name },
        },
      })),
  };
}

export async function addCheckRun(store: FakeGitHubStore, repoFullName: string, input: AddCheckRunInput) {
  const repo = requireRepo(store, repoFullName);
  const headSha = (await resolveCommit(repo.gitDir, input.headSha)) ?? input.headSha;
  const completed = input.status === "completed";
  let run = repo.checkRuns.find(
    (candidate) => candidate.headSha === headSha && candidate.name === input.name && candidate.status !== "completed",
  );
  if (!run) {
    run = {
      id: store.nextId(),
      headSha,
      name: input.name,
      status: input.status,
      conclusion: null,
      startedAt: now(),
      completedAt: null,
    };
    repo.checkRuns.push(run);
  }
  run.status = input.status;
  run.conclusion = completed ? (input.conclusion ?? "success") : null;
  run.completedAt = completed ? now() : null;
  const suite = await checkSuiteJson(store, repo, run);
  // Read before emitting, so check_run and check_suite go out back to back.
  const commit = completed ? await commitInfo(repo.gitDir, headSha) : null;
  emit(store, {
    repo,
    event: "check_run",
    payload: {
      action: completed ? "completed" : "created",
      check_run: { ...checkRunJson(store, repo, run), check_suite: suite },
    },
  });
  // Each fake run is alone in its suite, so the suite completes with it (GitHub sends both events).
  if (commit) {
    emit(store, {
      repo,
      event: "check_suite",
      payload: {
        action: "completed",
        check_suite: {
          ...suite,
          latest_check_runs_count: 1,
          check_runs_url: `${suite.url}/check-runs`,
          head_commit: {
            id: commit.sha,
            tree_id: commit.tree,
            message: commit.message,
            timestamp: commit.committer.date,
            author: { name: commit.author.name, email: commit.author.email },
            committer: { name: commit.committer.name, email: commit.committer.email },
          },
        },
      },
    });
  }
  return run;
}

export async function listCheckRuns(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, ref: string): Promise<Reply> {
  const sha = (await resolveCommit(repo.gitDir, ref)) ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : null);
  if (!sha) return error(422, `No commit found for SHA: ${ref}`);
  const params = ctx.url.searchParams;
  let runs = repo.checkRuns.filter(
    (run) =>
      run.headSha === sha &&
      (!params.get("check_name") || run.name === params.get("check_name")) &&
      (!params.get("status") || run.status === params.get("status")),
  );
  // filter=latest (the default) keeps the newest run of each name.
  if (params.get("filter") !== "all")
    runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
  const all = [...runs].reverse().map((run) => checkRunJson(store, repo, run));
  return paginate(store, ctx, all, (page) => ({ total_count: all.length, check_runs: page }));
}
