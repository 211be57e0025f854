import { Octokit } from "@octokit/rest";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRunRepos } from "../../../db/schema";
import { createTicket } from "../../../server/services/tickets/create-ticket";
import { createRestContract, createWebhookContract, type ContractResult } from "../../helpers/github-contract";
import { startGitHubPipeline, type GitHubPipeline } from "../../helpers/github-pipeline";
import { startReceiver } from "../../helpers/receiver";
import { runFinished } from "../../helpers/wait";

// The fake is a contract with GitHub: everything it served while the product ran its real flows
// must keep to GitHub's published descriptions, or the product is being tested against a fiction.

let pipeline: GitHubPipeline;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

const KNOWN_WEBHOOK_DRIFTS = {
  // @octokit/webhooks-schemas only knows the ping GitHub sends when a hook is created, before any
  // delivery; a ping asked for later (POST …/pings) carries the hook's last response, as the REST
  // API's hook does (`code` an integer, `message` a string). The fake keeps that; the schema is narrower.
  ping$event: [".hook.last_response.code should be null", ".hook.last_response.message should be null"],
};

beforeAll(async () => {
  pipeline = await startGitHubPipeline();
  receiver = await startReceiver();
  await driveProduct(pipeline);
}, 120_000);

afterAll(async () => {
  await pipeline?.runtime.stop();
  await receiver?.close();
});

/** Import, webhook setup, browsing, an implement run that opens a PR, a review of it, CI, the merge. */
async function driveProduct(pipeline: GitHubPipeline) {
  const { runtime, caller, tenantId, userId, setUpProject, setupHook } = pipeline;
  const github = runtime.github;
  const { repo, project, repository, connector } = await setUpProject("contract", "CTR");
  await setupHook(repository.id);
  await caller.connectors.repos({ connectorId: connector.id });
  await caller.repositories.branches({ repositoryId: repository.id });
  await caller.repositories.fileTree({ repositoryId: repository.id });
  await caller.repositories.file({ repositoryId: repository.id, path: "src/app.js" });

  const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Bump the version" });
  runtime.anthropic.scripts.add({
    name: "contract-change",
    turns: [
      { toolCalls: [{ name: "edit_file", input: { path: "src/app.js", old_string: "version = 1", new_string: "version = 2" } }] },
      { toolCalls: [{ name: "finish", input: { summary: "Bumped the version." } }] },
    ],
  });
  const change = await caller.agentRuns.create({
    provider: "claude",
    mode: "implement",
    prompt: "[[script:contract-change]]",
    ticketId: ticket.id,
  });
  const changed = await runFinished(tenantId, change.id);
  expect(changed).toMatchObject({ status: "completed", prNumber: 1 });

  runtime.anthropic.scripts.add({
    name: "contract-review",
    turns: [{ toolCalls: [{ name: "finish", input: { summary: "**Verdict:** fine." } }] }],
  });
  const review = await caller.agentRuns.create({
    provider: "claude",
    mode: "review",
    prompt: "Review it [[script:contract-review]]",
    projectId: project.id,
    repositoryId: repository.id,
    pullRequestNumber: changed.prNumber,
  });
  expect(await runFinished(tenantId, review.id)).toMatchObject({ status: "completed" });

  const [link] = await db
    .select({ headSha: agentRunRepos.headSha })
    .from(agentRunRepos)
    .where(eq(agentRunRepos.runId, change.id));
  await github.addCheckRun(repo.fullName, { headSha: link!.headSha!, name: "test", status: "in_progress" });
  await github.addCheckRun(repo.fullName, { headSha: link!.headSha!, name: "test", status: "completed", conclusion: "success" });
  await exerciseRest(pipeline, repo.name, changed.branchName!);
  await github.idle();
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The rest of the fake's REST surface, through the real Octokit client, so no endpoint it serves goes unchecked. */
async function exerciseRest({ runtime, token }: GitHubPipeline, name: string, branch: string) {
  const octokit = new Octokit({ auth: token, baseUrl: runtime.github.apiUrl, log: quiet });
  const at = { owner: "octocat", repo: name };
  const pull = { ...at, pull_number: 1 };
  await octokit.rest.users.listEmailsForAuthenticatedUser();
  // The invitation check: a login GitHub has, and one it does not.
  await octokit.rest.users.getByUsername({ username: "hubot" });
  await expect(octokit.rest.users.getByUsername({ username: "nobody-by-this-name" })).rejects.toMatchObject({ status: 404 });
  await octokit.rest.repos.getBranch({ ...at, branch: "main" });
  // A hook on every event besides the product's, so the events the product does not subscribe to are checked too.
  await octokit.rest.repos.createWebhook({ ...at, events: ["*"], config: { url: receiver.url, content_type: "json" } });
  const [hook] = (await octokit.rest.repos.listWebhooks(at)).data;
  await octokit.rest.repos.getWebhook({ ...at, hook_id: hook!.id });
  await octokit.rest.repos.pingWebhook({ ...at, hook_id: hook!.id });
  await runtime.github.idle();
  // Redelivery as GitHub's REST API offers it: list the hook's deliveries, read one, ask for another attempt.
  const { data: deliveries } = await octokit.rest.repos.listWebhookDeliveries({ ...at, hook_id: hook!.id, per_page: 1 });
  expect(deliveries).toHaveLength(1);
  await octokit.rest.repos.getWebhookDelivery({ ...at, hook_id: hook!.id, delivery_id: deliveries[0]!.id });
  expect(
    (await octokit.rest.repos.redeliverWebhookDelivery({ ...at, hook_id: hook!.id, delivery_id: deliveries[0]!.id })).status,
  ).toBe(202);
  await runtime.github.idle();
  await runtime.github.addCheckRun(`octocat/${name}`, {
    headSha: branch,
    name: "lint",
    status: "completed",
    conclusion: "failure",
  });
  await octokit.rest.checks.listForRef({ ...at, ref: branch });
  await octokit.rest.pulls.listFiles(pull);
  await octokit.rest.pulls.listReviews(pull);
  await octokit.rest.pulls.listReviewComments(pull);
  await octokit.rest.issues.createComment({ ...at, issue_number: 1, body: "Looks good." });
  await octokit.rest.issues.listComments({ ...at, issue_number: 1 });
  await octokit.rest.pulls.createReview({
    ...pull,
    event: "COMMENT",
    body: "One note.",
    comments: [{ path: "src/app.js", line: 1, body: "Why 2?" }],
  });
  await octokit.rest.pulls.update({ ...pull, title: "CTR-1: Bump the version to 2" });
  await exerciseRefusals(runtime, octokit, token, at, hook!.id);
  await runtime.github.repo(`octocat/${name}`)!.commit(branch, { "NOTES.md": "notes\n" }, "Add notes");
  await runtime.github.idle();
  await octokit.rest.pulls.merge({ ...pull, merge_method: "squash" });
  await octokit.rest.pulls.checkIfMerged(pull);
  await octokit.rest.git.deleteRef({ ...at, ref: `heads/${branch}` });
}

/** Status of the RequestError `call` must fail with. */
async function refusal(call: Promise<unknown>) {
  const failure = await call.then(
    () => null,
    (error: { status?: number }) => error,
  );
  expect(failure, "the call was expected to be refused").not.toBeNull();
  return failure!.status;
}

/**
 * The fake's refusals the product meets: hidden and missing resources, field and state errors, a
 * stale merge, bad JSON and bad credentials, and both kinds of rate limit (403 and 429, retry-after).
 */
async function exerciseRefusals(
  runtime: GitHubPipeline["runtime"],
  octokit: Octokit,
  token: string,
  at: { owner: string; repo: string },
  hookId: number,
) {
  const pull = { ...at, pull_number: 1 };
  expect(await refusal(octokit.rest.repos.get({ ...at, repo: "no-such-repo" }))).toBe(404);
  expect(await refusal(octokit.rest.pulls.get({ ...at, pull_number: 999 }))).toBe(404);
  expect(await refusal(octokit.rest.repos.getBranch({ ...at, branch: "no-such-branch" }))).toBe(404);
  expect(await refusal(octokit.rest.repos.getWebhookDelivery({ ...at, hook_id: hookId, delivery_id: 999_999 }))).toBe(404);
  expect(await refusal(octokit.rest.git.deleteRef({ ...at, ref: "heads/no-such-branch" }))).toBe(422);
  expect(await refusal(octokit.rest.repos.createWebhook({ ...at, config: { url: receiver.url, content_type: "json" } }))).toBe(
    422,
  );
  expect(await refusal(octokit.rest.pulls.merge({ ...pull, merge_method: "bogus" as "merge" }))).toBe(422);
  expect(await refusal(octokit.rest.pulls.merge({ ...pull, sha: "0".repeat(40) }))).toBe(409);
  const badJson = await fetch(`${runtime.github.apiUrl}/repos/${at.owner}/${at.repo}/pulls/1`, {
    method: "PATCH",
    headers: { authorization: `token ${token}` },
    body: "{not json",
  });
  expect(badJson.status).toBe(400);
  const stranger = new Octokit({ auth: "gho_not-a-token", baseUrl: runtime.github.apiUrl, log: quiet });
  expect(await refusal(stranger.rest.users.getAuthenticated())).toBe(401);
  expect(await refusal(stranger.rest.repos.get(at))).toBe(401);
  runtime.github.rateLimit({ kind: "secondary", requests: 1, retryAfter: 1 });
  expect(await refusal(octokit.rest.repos.get(at))).toBe(403);
  runtime.github.rateLimit({ kind: "secondary", requests: 1, retryAfter: 1, status: 429 });
  expect(await refusal(octokit.rest.pulls.get(pull))).toBe(429);
  runtime.github.rateLimit({ kind: "primary", requests: 1, resetInSeconds: 60 });
  expect(await refusal(octokit.rest.repos.listBranches(at))).toBe(403);
}

/** One line per (operation, status): how many answers kept to the spec, and the first problems of those that did not. */
function summarise(results: ContractResult[]) {
  const byOperation = new Map<string, { checked: number; errors: string[] }>();
  for (const result of results) {
    const key = result.status ? `${result.operation} → ${result.status}` : result.operation;
    const entry = byOperation.get(key) ?? { checked: 0, errors: [] };
    entry.checked += 1;
    if (result.errors.length && !entry.errors.length) entry.errors = result.errors;
    byOperation.set(key, entry);
  }
  return [...byOperation].map(([key, { checked, errors }]) =>
    errors.length ? `FAIL ${key} (${checked}): ${errors.join("; ")}` : `pass ${key} (${checked})`,
  );
}

describe("the fake GitHub against GitHub's published descriptions", () => {
  it("serves every REST answer the product got as api.github.com's OpenAPI description documents it", () => {
    const contract = createRestContract();
    const results = pipeline.runtime.github.responses.map((response) => contract.check(response));
    const report = summarise(results);
    // The flow reached the endpoints the product depends on; a contract over nothing proves nothing.
    expect(report.map((line) => line.replace(/^(pass|FAIL) /, "").replace(/ → .*/, ""))).toEqual(
      expect.arrayContaining([
        "GET /user",
        "GET /user/repos",
        "GET /users/{username}",
        "GET /repos/{owner}/{repo}",
        "GET /repos/{owner}/{repo}/branches",
        "POST /repos/{owner}/{repo}/hooks",
        "POST /repos/{owner}/{repo}/pulls",
        "GET /repos/{owner}/{repo}/pulls/{pull_number}",
        "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
        "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
        "PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge",
        "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
        "DELETE /repos/{owner}/{repo}/git/refs/{ref}",
        "GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries",
        "GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}",
        "POST /repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts",
      ]),
    );
    // Refusals are answers too: every kind the product meets was served and checked.
    expect([...new Set(results.map((result) => result.status))]).toEqual(
      expect.arrayContaining([200, 201, 202, 204, 400, 401, 403, 404, 409, 422, 429]),
    );
    expect(
      report.filter((line) => line.startsWith("FAIL")),
      report.join("\n"),
    ).toEqual([]);
  });

  it("sends every webhook payload as @octokit/webhooks-schemas describes its event and action", () => {
    const contract = createWebhookContract();
    const deliveries = pipeline.runtime.github.deliveries;
    expect(deliveries.some((delivery) => delivery.redelivery)).toBe(true);
    const report = summarise(deliveries.map((delivery) => contract.check(delivery, KNOWN_WEBHOOK_DRIFTS)));
    expect(report.map((line) => line.replace(/^(pass|FAIL) /, "").replace(/ \(.*/, ""))).toEqual(
      expect.arrayContaining([
        "ping$event",
        "pull_request$opened",
        "push$event",
        "check_run$created",
        "check_run$completed",
        "pull_request$closed",
      ]),
    );
    expect(
      report.filter((line) => line.startsWith("FAIL")),
      report.join("\n"),
    ).toEqual([]);
  });
});
