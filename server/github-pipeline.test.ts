import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { agentRunRepos, connectors, tickets, webhookDeliveries } from "../db/schema";
import { buildProject, buildTenant } from "../db/seed";
import { startAgentRuntime } from "../test/helpers/agent-runtime";
import { callerFor } from "../test/helpers/caller";
import { listRunEvents } from "./services/agent-runs/list-run-events";
import { connectorToken } from "./services/connectors/connectors";
import { createTicket } from "./services/tickets/create-ticket";
import { runFinished, waitFor } from "../test/helpers/wait";

/**
 * GitHub end to end on real parts: connectors sealed at rest, repositories
 * imported and browsed through Octokit, runs that clone over real git HTTP,
 * push a branch and open a pull request on the fake GitHub, and webhooks
 * (signed, deduplicated) that move the ticket when the PR merges.
 */
const finished = (runId: number) => runFinished(tenantId, runId);

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let tenantId: number;
let userId: number;
let caller: Awaited<ReturnType<typeof callerFor>>;
let token: string;
let mainConnector: Awaited<ReturnType<typeof caller.connectors.create>> | undefined;

beforeAll(async () => {
  runtime = await startAgentRuntime({ KEEP_WORKSPACES: "true" });
  const { tenant, admin } = await buildTenant({ name: "Pipeline" });
  tenantId = tenant.id;
  userId = admin.id;
  caller = await callerFor({ userId, tenantId });
  token = runtime.github.issuePersonalToken("octocat", ["repo", "admin:repo_hook"]);
});

afterAll(async () => {
  await runtime?.stop();
});

const eventsOf = (runId: number) => listRunEvents({ tenantId, runId, afterSeq: null, limit: 10_000 });

async function setUpProject(name: string, key: string) {
  const repo = await runtime.github.createRepo("octocat", name, {
    files: {
      "README.md": `# ${name}\n`,
      "package.json": '{ "name": "x", "scripts": { "test": "node --test" } }\n',
      "src/app.js": "export const version = 1;\n",
      "AGENTS.md": `Repository rule for ${name}: run npm test.\n`,
    },
  });
  mainConnector ??= await caller.connectors.create({ kind: "pat", token, name: "Main" });
  const connector = mainConnector;
  const [imported] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
  const { project } = await buildProject({ tenantId, userId, name, key });
  await caller.projectRepositories.add({ projectId: project.id, repositoryId: imported!.id, role: "primary" });
  return { repo, repository: imported!, project, connector };
}

describe("connectors", () => {
  it("checks the token with GitHub, records account and scopes, seals the token and never returns it", async () => {
    const connector = await caller.connectors.create({ kind: "pat", token, name: "Work" });
    expect(connector).toMatchObject({
      name: "Work",
      accountLogin: "octocat",
      status: "active",
      scopes: ["repo", "admin:repo_hook"],
    });
    expect(JSON.stringify(connector)).not.toContain(token);
    expect(JSON.stringify(await caller.connectors.list())).not.toContain(token);
    // Nothing in the row — any column — holds the plaintext.
    const rows = await db.execute(sql`select row_to_json(c)::text as json from connectors c where id = ${connector.id}`);
    expect(String((rows[0] as { json: string }).json)).not.toContain(token);
    expect(await connectorToken({ tenantId, connectorId: connector.id, env: runtime.env })).toBe(token);

    await expect(caller.connectors.create({ kind: "pat", token: "ghp_" + "x".repeat(36) })).rejects.toThrow(
      /GitHub rejected this token/,
    );
    await expect(caller.connectors.create({ kind: "pat", token: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const other = await buildTenant({ name: "Other" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.connectors.get({ connectorId: connector.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.connectors.revoke({ connectorId: connector.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const revoked = await caller.connectors.revoke({ connectorId: connector.id });
    expect(revoked.status).toBe("revoked");
    await expect(connectorToken({ tenantId, connectorId: connector.id, env: runtime.env })).rejects.toThrow(/revoked/);
    const [row] = await db
      .select({ ciphertext: connectors.tokenCiphertext })
      .from(connectors)
      .where(eq(connectors.id, connector.id));
    expect(row!.ciphertext).toBe("revoked");
  });
});

describe("repositories", () => {
  it("lists the connector's repositories page by page, imports, browses files and scans configs", async () => {
    const { repository, connector } = await setUpProject("browse-me", "BRWS");
    for (let i = 0; i < 3; i++) await runtime.github.createRepo("octocat", `extra-${i}`);
    const first = await caller.connectors.repos({ connectorId: connector.id, page: 1, perPage: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.hasNextPage).toBe(true);
    const all = [];
    for (let page = 1; ; page++) {
      const result = await caller.connectors.repos({ connectorId: connector.id, page, perPage: 2 });
      all.push(...result.items);
      if (!result.hasNextPage) break;
    }
    expect(all.map((repo) => repo.fullName)).toContain("octocat/browse-me");
    expect(all.find((repo) => repo.fullName === "octocat/browse-me")?.importedId).toBe(repository.id);

    const tree = await caller.repositories.fileTree({ repositoryId: repository.id });
    expect(tree.entries.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(["README.md", "package.json", "src", "src/app.js"]),
    );
    expect(await caller.repositories.file({ repositoryId: repository.id, path: "src/app.js" })).toMatchObject({
      text: "export const version = 1;\n",
    });
    await expect(caller.repositories.file({ repositoryId: repository.id, path: "nope.txt" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(caller.repositories.file({ repositoryId: repository.id, path: "../etc/passwd" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await caller.repositories.branches({ repositoryId: repository.id })).map((branch) => branch.name)).toEqual(["main"]);

    const configs = await waitFor(async () => {
      const list = await caller.repositories.configs({ repositoryId: repository.id });
      return list.length > 0 && list;
    }, "the config scan job");
    expect(configs.find((config) => config.path === "package.json")).toMatchObject({
      kind: "node",
      detected: { scripts: { test: "node --test" } },
    });

    await caller.repositories.addAlias({ repositoryId: repository.id, alias: "Browser" });
    expect((await caller.repositories.list()).find((repo) => repo.id === repository.id)?.aliases).toEqual(["browser"]);
    const other = await buildTenant({ name: "Nosy" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.repositories.fileTree({ repositoryId: repository.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the git pipeline", () => {
  it("clones, branches, commits, pushes and opens a pull request — the token never in a URL, config or event", async () => {
    const { repo, project } = await setUpProject("ship-it", "SHIP");
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Bump the version" });
    runtime.anthropic.scripts.add({
      name: "ship",
      turns: [
        { toolCalls: [{ name: "read_file", input: { path: "src/app.js" } }] },
        {
          toolCalls: [{ name: "edit_file", input: { path: "src/app.js", old_string: "version = 1", new_string: "version = 2" } }],
        },
        { toolCalls: [{ name: "write_file", input: { path: "CHANGELOG.md", content: "# 2\n- Bumped.\n" } }] },
        { toolCalls: [{ name: "run_command", input: { command: "git status --short && git config --list --show-origin" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Bumped the version to 2." } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Bump it [[script:ship]]",
      ticketId: ticket.id,
    });
    const done = await finished(run.id);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "completed", branchName: `al/implement/${run.id}`, prNumber: 1 });
    expect(done.prUrl).toBe(`${runtime.github.url}/octocat/ship-it/pull/1`);

    // The branch is on the remote with the agent's commit; the PR targets main with the run's story.
    expect(await repo.branches()).toContain(`al/implement/${run.id}`);
    expect(await repo.readFile(`al/implement/${run.id}`, "src/app.js")).toBe("export const version = 2;\n");
    expect((await repo.log(`al/implement/${run.id}`))[0]).toBe("SHIP-1: Bump the version");
    const pull = repo.pulls.find((entry) => entry.number === 1)!;
    expect(pull).toMatchObject({ title: "SHIP-1: Bump the version", state: "open" });
    expect(pull.body).toContain(`[SHIP-1](${runtime.env.APP_URL}/projects/SHIP?ticket=SHIP-1)`);
    expect(pull.body).toContain("Bumped the version to 2.");
    expect(pull.body).toMatch(/Run \[#\d+\]\(.*\/runs\/\d+\) · claude/);

    const diffs = await caller.agentRuns.diffs({ runId: run.id });
    expect(diffs.map((diff) => [diff.filePath, diff.changeType])).toEqual([
      ["CHANGELOG.md", "added"],
      ["src/app.js", "modified"],
    ]);
    // The repository's AGENTS.md is the last instruction layer.
    const system = runtime.anthropic.requests.find((request) => request.view.messages[0]?.text.includes("[[script:ship]]"))!.view
      .system;
    expect(system).toContain('<instructions source="AGENTS.md">\nRepository rule for ship-it: run npm test.');
    const events = await eventsOf(run.id);
    expect(events.find((event) => event.type === "pull_request")?.payload).toMatchObject({
      number: 1,
      branch: `al/implement/${run.id}`,
    });

    // The agent's own command saw no credentials; nothing stored holds the token.
    const gitConfig = readFileSync(path.join(runtime.workspaces, `run-${run.id}`, ".git", "config"), "utf8");
    expect(gitConfig).not.toContain(token);
    expect(gitConfig).not.toMatch(/extraheader|x-access-token/i);
    expect(gitConfig).toContain(`url = ${repo.cloneUrl}`);
    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain(Buffer.from(`x-access-token:${token}`).toString("base64"));
    expect(runtime.github.requests.some((request) => request.path.includes(token))).toBe(false);
  });

  it("makes no commit and no pull request when nothing changed; plan runs never push", async () => {
    const { repo, project } = await setUpProject("quiet", "QUIE");
    runtime.openai.scripts.add({
      name: "idle",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "Nothing to do." } }] }],
    });
    const idle = await caller.agentRuns.create({
      provider: "codex",
      mode: "implement",
      prompt: "[[script:idle]]",
      projectId: project.id,
    });
    expect(await finished(idle.id)).toMatchObject({ status: "completed", prUrl: null });
    expect(
      (await eventsOf(idle.id)).some((event) => String(event.payload.message).includes("nothing to commit, no pull request")),
    ).toBe(true);
    expect(await repo.branches()).toEqual(["main"]);

    runtime.openai.scripts.add({ name: "plan-only", turns: [{ toolCalls: [{ name: "finish", input: { summary: "# Plan" } }] }] });
    const plan = await caller.agentRuns.create({
      provider: "codex",
      mode: "plan",
      prompt: "[[script:plan-only]]",
      projectId: project.id,
    });
    expect(await finished(plan.id)).toMatchObject({ status: "completed", prUrl: null });
    expect(await repo.branches()).toEqual(["main"]);
  });

  it("fails the run with the reason when the push is rejected, keeping the work described", async () => {
    const { repo, project } = await setUpProject("locked", "LOCK");
    const revoking = runtime.github.issuePersonalToken("octocat", ["repo"]);
    const connector = await caller.connectors.create({ kind: "pat", token: revoking, name: "Short-lived" });
    const [imported] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    runtime.anthropic.scripts.add({
      name: "rejected",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "x.txt", content: "x\n" } }] },
        () => {
          // GitHub revokes the token while the agent works: the push is refused.
          runtime.github.revokeToken(revoking);
          return { toolCalls: [{ name: "finish", input: { summary: "Wrote x." } }] };
        },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:rejected]]",
      projectId: project.id,
      repositoryId: imported!.id,
    });
    const failed = await finished(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(new RegExp(`The push of al/implement/${run.id} was rejected`));
    expect(failed.error).not.toContain(revoking);
    expect(await caller.agentRuns.diffs({ runId: run.id })).toHaveLength(1);
  });

  it("review runs check out the pull request and post their review on it", async () => {
    const { repo, project, repository } = await setUpProject("reviewed", "REVW");
    runtime.anthropic.scripts.add({
      name: "change",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "new.js", content: "export {};\n" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Added new.js" } }] },
      ],
    });
    const change = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:change]]",
      projectId: project.id,
    });
    const changed = await finished(change.id);
    runtime.anthropic.scripts.add({
      name: "review",
      turns: [
        { toolCalls: [{ name: "read_file", input: { path: "new.js" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "**Verdict:** fine. new.js:1 exports nothing yet." } }] },
      ],
    });
    const review = await caller.agentRuns.create({
      provider: "claude",
      mode: "review",
      prompt: "Review it [[script:review]]",
      projectId: project.id,
      repositoryId: repository.id,
      pullRequestNumber: changed.prNumber,
    });
    expect(await finished(review.id)).toMatchObject({ status: "completed" });
    const read = (await eventsOf(review.id)).find((event) => event.type === "tool_result");
    expect(read?.payload).toMatchObject({ isError: false, content: "1  export {};" });
    expect(repo.reviews.map((entry) => entry.body)).toContain("**Verdict:** fine. new.js:1 exports nothing yet.");
    expect(await repo.branches()).not.toContain(`al/review/${review.id}`);
  });
});

describe("webhooks", () => {
  it("verify signatures, drop replays, and move the ticket to Done when its pull request merges; checks show CI status", async () => {
    const { repo, project, repository } = await setUpProject("hooked", "HOOK");
    const hook = await caller.repositories.setupWebhook({ repositoryId: repository.id });
    expect(hook.created).toBe(true);
    expect((await caller.repositories.setupWebhook({ repositoryId: repository.id })).created).toBe(false);
    expect(repo.hooks[0]!.config.url).toBe(`${runtime.env.APP_URL}/webhooks/github/${hook.id}`);

    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Ship via PR" });
    runtime.anthropic.scripts.add({
      name: "hooked",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "a.txt", content: "a\n" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "a" } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:hooked]]",
      ticketId: ticket.id,
    });
    const done = await finished(run.id);
    expect(done.prNumber).toBe(1);

    // CI reports on the PR's head commit: the run's repository and the ticket card show it.
    const [link] = await db.select({ headSha: agentRunRepos.headSha }).from(agentRunRepos).where(eq(agentRunRepos.runId, run.id));
    await runtime.github.addCheckRun(repo.fullName, {
      headSha: link!.headSha!,
      name: "ci",
      status: "completed",
      conclusion: "failure",
    });
    await waitFor(async () => {
      const [row] = await db.select({ ciStatus: tickets.ciStatus }).from(tickets).where(eq(tickets.id, ticket.id));
      return row?.ciStatus === "failure";
    }, "CI status on the ticket");

    await runtime.github.mergePull(repo.fullName, 1);
    await runtime.github.idle();
    const moved = await waitFor(async () => {
      const [row] = await db.select({ columnKey: tickets.columnKey }).from(tickets).where(eq(tickets.id, ticket.id));
      return row?.columnKey === "done" && row;
    }, "the ticket to move to done");
    expect(moved.columnKey).toBe("done");
    const [merged] = await db
      .select({ prState: agentRunRepos.prState })
      .from(agentRunRepos)
      .where(eq(agentRunRepos.runId, run.id));
    expect(merged!.prState).toBe("merged");

    // A forged delivery is refused and leaves nothing behind; a replay is dropped.
    const body = JSON.stringify({ action: "closed", pull_request: { number: 1, merged: true } });
    const before = await db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries);
    const forged = await fetch(`${runtime.url}/webhooks/github/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": "forged-1",
        "x-hub-signature-256": "sha256=" + "0".repeat(64),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const after = await db.select({ count: sql<number>`count(*)::int` }).from(webhookDeliveries);
    expect(after[0]!.count).toBe(before[0]!.count);

    const delivery = runtime.github.deliveries.find((entry) => entry.event === "pull_request")!;
    const replay = await fetch(`${runtime.url}/webhooks/github/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": delivery.id,
        "x-hub-signature-256": `sha256=${createHmac("sha256", "wrong").update(body).digest("hex")}`,
      },
      body,
    });
    expect(replay.status).toBe(401);
  });
});

describe("multi-repo runs", () => {
  it("fan out over a feature's repositories, link their pull requests as a set, and roll the set back", async () => {
    const api = await setUpProject("svc-api", "SAPI");
    const web = await setUpProject("svc-web", "SWEB");
    const feature = await caller.features.create({
      name: "Checkout",
      description: "Cart and payment flow",
      repositories: [
        { repositoryId: web.repository.id, relativeImpact: 0.4 },
        { repositoryId: api.repository.id, relativeImpact: 0.9 },
      ],
      aliases: ["Cart", "payments"],
    });
    expect((await caller.features.search({ query: "cart" })).map((entry) => entry.id)).toEqual([feature.id]);
    expect(await caller.features.search({ query: "nothing-like-it" })).toEqual([]);
    const found = await caller.features.get({ featureId: feature.id });
    expect(found.repositories.map((repo) => repo.fullName)).toEqual(["octocat/svc-api", "octocat/svc-web"]);
    await expect(caller.features.create({ name: "Checkout" })).rejects.toMatchObject({ code: "CONFLICT" });

    runtime.anthropic.scripts.add({
      name: "multi",
      turns: [
        (request) => {
          const repo = /You work on (\S+?);/.exec(request.messages[0]!.text)?.[1] ?? "unknown";
          return { toolCalls: [{ name: "write_file", input: { path: "CHECKOUT.md", content: `checkout in ${repo}\n` } }] };
        },
        { toolCalls: [{ name: "finish", input: { summary: "Added checkout notes." } }] },
      ],
    });
    const parent = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Add checkout [[script:multi]]",
      featureId: feature.id,
    });
    const done = await finished(parent.id);
    expect(done).toMatchObject({ status: "completed", orchestrationMode: "parallel" });
    const children = (await caller.agentRuns.list({ limit: 100 })).items.filter((run) => run.parentRunId === parent.id);
    expect(children).toHaveLength(2);
    expect(children.every((child) => child.status === "completed" && child.prUrl)).toBe(true);

    // The parent's transcript shows its children and each one's end.
    const events = await eventsOf(parent.id);
    expect(events.find((event) => event.type === "children")?.payload).toMatchObject({ feature: "Checkout", mode: "parallel" });
    expect(events.filter((event) => event.type === "child_status")).toHaveLength(2);

    // Each PR links its sibling; the set is open; merging one makes it partial; rollback closes the rest.
    const set = await caller.agentRuns.pullRequestSet({ runId: parent.id });
    expect(set.status).toBe("open");
    expect(set.items.map((item) => item.repository)).toEqual(["octocat/svc-api", "octocat/svc-web"]);
    const apiPull = api.repo.pulls[0]!;
    const webPull = web.repo.pulls[0]!;
    expect(apiPull.body).toContain(`octocat/svc-web#${webPull.number}`);
    expect(webPull.body).toContain(`octocat/svc-api#${apiPull.number}`);
    expect(await api.repo.readFile(apiPull.head.ref, "CHECKOUT.md")).toBe("checkout in octocat/svc-api\n");

    await setupHook(api.repository.id);
    await runtime.github.mergePull("octocat/svc-api", apiPull.number);
    await runtime.github.idle();
    await waitFor(
      async () => (await caller.agentRuns.pullRequestSet({ runId: parent.id })).status === "partial",
      "a partial set",
    );

    const rollback = await caller.agentRuns.rollbackSet({ runId: parent.id });
    expect(rollback.results).toEqual([{ repository: "octocat/svc-web", prNumber: webPull.number, closed: true }]);
    expect(web.repo.pulls[0]!.state).toBe("closed");
    expect(await web.repo.branches()).toEqual(["main"]);
    expect((await caller.agentRuns.pullRequestSet({ runId: parent.id })).items.map((item) => item.prState)).toEqual([
      "merged",
      "closed",
    ]);
  });
});

describe("sequential multi-repo runs", () => {
  it("run one repository after another, and stop the sequence when a step fails", async () => {
    const first = await setUpProject("seq-one", "SEQA");
    const second = await setUpProject("seq-two", "SEQB");
    const feature = await caller.features.create({
      name: "Sequenced",
      repositories: [
        { repositoryId: first.repository.id, relativeImpact: 1 },
        { repositoryId: second.repository.id, relativeImpact: 0.5 },
      ],
    });
    runtime.openai.scripts.add({
      name: "seq-fail",
      turns: [{ text: "never finishes", chunkSize: 2, fault: { kind: "cut", afterChunks: 2, times: 10 } }],
    });
    const parent = await caller.agentRuns.create({
      provider: "codex",
      mode: "implement",
      prompt: "Step by step [[script:seq-fail]]",
      featureId: feature.id,
      orchestrationMode: "sequential",
    });
    const done = await finished(parent.id);
    expect(done).toMatchObject({ status: "failed", error: "2 of 2 sub-runs did not complete." });
    const children = (await caller.agentRuns.list({ limit: 100 })).items
      .filter((run) => run.parentRunId === parent.id)
      .sort((a, b) => a.id - b.id);
    expect(children.map((child) => child.status)).toEqual(["failed", "cancelled"]);
    // The second step never started: no model request mentions its repository.
    expect(
      runtime.openai.requests.some((request) => request.view.messages[0]?.text.includes("You work on octocat/seq-two")),
    ).toBe(false);
  });
});

async function setupHook(repositoryId: number) {
  return caller.repositories.setupWebhook({ repositoryId });
}
