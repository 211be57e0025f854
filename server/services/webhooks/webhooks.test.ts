import { createHmac, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRunRepos, commitChecks, tickets, webhookDeliveries } from "../../../db/schema";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { createTicket } from "../tickets/create-ticket";
import { listRunRepositories, updateRunRepository } from "../agent-runs/run-repos";
import { runFinished, waitFor } from "../../../test/helpers/wait";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let runtime: GitHubPipeline["runtime"];
let tenantId: number;
let userId: number;
let caller: GitHubPipeline["caller"];
let setUpProject: GitHubPipeline["setUpProject"];

beforeAll(async () => {
  ({ runtime, tenantId, userId, caller, setUpProject } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

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

    // CI reports on the PR's head commit: the run's repository and the ticket card show the
    // aggregate of every check — one failure fails it, whatever order the checks report in.
    const [link] = await db.select({ headSha: agentRunRepos.headSha }).from(agentRunRepos).where(eq(agentRunRepos.runId, run.id));
    const headSha = link!.headSha!;
    const ciStatus = async () =>
      (await db.select({ ciStatus: tickets.ciStatus }).from(tickets).where(eq(tickets.id, ticket.id)))[0]?.ciStatus;
    const lint = await runtime.github.addCheckRun(repo.fullName, {
      headSha,
      name: "lint",
      status: "completed",
      conclusion: "failure",
    });
    await waitFor(async () => (await ciStatus()) === "failure", "CI status on the ticket");
    await runtime.github.addCheckRun(repo.fullName, { headSha, name: "test", status: "completed", conclusion: "success" });
    // A late `created` for the failed check arrives after its `completed`: it changes nothing.
    await runtime.github.deliverWebhook(repo.fullName, "check_run", {
      action: "created",
      check_run: { id: lint.id, head_sha: headSha, name: "lint", status: "queued", conclusion: null, app: { id: 1 } },
    });
    await runtime.github.idle();
    await waitFor(async () => {
      const deliveries = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries);
      return deliveries.every((delivery) => delivery.status === "processed");
    }, "every delivery processed");
    expect(await ciStatus()).toBe("failure");
    const [runRepo] = await db
      .select({ checksStatus: agentRunRepos.checksStatus })
      .from(agentRunRepos)
      .where(eq(agentRunRepos.runId, run.id));
    expect(runRepo!.checksStatus).toBe("failure");
    // A re-run of the failed check (a new check run) supersedes it; a commit status still pending
    // holds the aggregate at pending.
    await runtime.github.addCheckRun(repo.fullName, { headSha, name: "lint", status: "completed", conclusion: "success" });
    await runtime.github.deliverWebhook(repo.fullName, "status", { sha: headSha, context: "deploy", state: "pending", id: 1 });
    await waitFor(async () => (await ciStatus()) === "pending", "CI pending on the commit status");
    await runtime.github.deliverWebhook(repo.fullName, "status", { sha: headSha, context: "deploy", state: "success", id: 2 });
    await waitFor(async () => (await ciStatus()) === "success", "CI passing once every check passed");

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

    // An older pull_request event delivered late never moves a merged pull request back to open.
    await runtime.github.deliverWebhook(repo.fullName, "pull_request", {
      action: "synchronize",
      number: 1,
      pull_request: { number: 1, state: "open", merged: false, updated_at: "2020-01-01T00:00:00Z", head: { sha: headSha } },
    });
    await runtime.github.idle();
    await waitFor(async () => {
      const deliveries = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries);
      return deliveries.every((delivery) => delivery.status === "processed");
    }, "the late event processed");
    const [still] = await db
      .select({ prState: agentRunRepos.prState })
      .from(agentRunRepos)
      .where(eq(agentRunRepos.runId, run.id));
    expect(still!.prState).toBe("merged");

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
  }, 90_000);

  it("shows the CI status of the pull request's new head when a push moves it, from checks already recorded", async () => {
    const { repo, project, repository } = await setUpProject("moving-head", "MOV");
    await caller.repositories.setupWebhook({ repositoryId: repository.id });
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Follow the head" });
    runtime.anthropic.scripts.add({
      name: "moving-head",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "b.txt", content: "b\n" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "b" } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:moving-head]]",
      ticketId: ticket.id,
    });
    const done = await finished(run.id);
    const status = async () => {
      const [row] = await db
        .select({ checksStatus: agentRunRepos.checksStatus, ciStatus: tickets.ciStatus })
        .from(agentRunRepos)
        .innerJoin(tickets, eq(tickets.id, ticket.id))
        .where(eq(agentRunRepos.runId, run.id));
      return row;
    };
    const processed = () =>
      waitFor(async () => {
        const deliveries = await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries);
        return deliveries.every((delivery) => delivery.status !== "queued");
      }, "every delivery processed");
    const synchronize = (sha: string, at: string) =>
      runtime.github.deliverWebhook(repo.fullName, "pull_request", {
        action: "synchronize",
        number: done.prNumber,
        pull_request: {
          number: done.prNumber,
          state: "open",
          merged: false,
          updated_at: at,
          head: { sha, ref: done.branchName },
        },
      });

    // CI on the next commit passes before GitHub tells us the pull request moved to it.
    const next = "b".repeat(40);
    await runtime.github.deliverWebhook(repo.fullName, "check_run", {
      action: "completed",
      check_run: { id: 500_001, head_sha: next, name: "test", status: "completed", conclusion: "success", app: { id: 1 } },
    });
    await runtime.github.idle();
    await processed();
    await synchronize(next, "2099-01-01T00:00:00Z");
    await runtime.github.idle();
    await waitFor(async () => (await status())?.checksStatus === "success", "the new head's passing checks");
    expect(await status()).toEqual({ checksStatus: "success", ciStatus: "success" });

    // A head nothing has reported on yet is pending, not the old head's status.
    await synchronize("c".repeat(40), "2099-01-02T00:00:00Z");
    await runtime.github.idle();
    await waitFor(async () => (await status())?.checksStatus === "pending", "the unreported head pending");
    expect(await status()).toEqual({ checksStatus: "pending", ciStatus: "pending" });

    // A run that pushes a commit CI has already failed shows the failure as it stores its head.
    const pushed = "d".repeat(40);
    await runtime.github.deliverWebhook(repo.fullName, "check_run", {
      action: "completed",
      check_run: { id: 500_002, head_sha: pushed, name: "test", status: "completed", conclusion: "failure", app: { id: 1 } },
    });
    await runtime.github.idle();
    await processed();
    const [runRepo] = await listRunRepositories({ tenantId, runId: run.id });
    await updateRunRepository({ tenantId, runId: run.id, runRepoId: runRepo!.id, set: { headSha: pushed } });
    expect(await status()).toEqual({ checksStatus: "failure", ciStatus: "failure" });
  }, 90_000);

  it("gives every workspace watching a repository every event, drops replays, and processes a redelivery of a failed one", async () => {
    const { repo, repository } = await setUpProject("shared", "SHR");
    const hookA = await caller.repositories.setupWebhook({ repositoryId: repository.id });
    const other = await buildTenant({ name: "Other watchers" });
    const callerB = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    const connectorB = await callerB.connectors.create({
      kind: "pat",
      token: runtime.github.issuePersonalToken("octocat", ["repo", "admin:repo_hook"]),
      name: "B",
    });
    const [repositoryB] = await callerB.connectors.import({ connectorId: connectorB.id, fullNames: [repo.fullName] });
    const hookB = await callerB.repositories.setupWebhook({ repositoryId: repositoryB!.id });
    await runtime.github.idle(); // the pings

    const deliveryRows = (guid: string) =>
      db
        .select({ webhookId: webhookDeliveries.webhookId, status: webhookDeliveries.status, error: webhookDeliveries.lastError })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.deliveryId, guid));

    // One event, one GUID at both hooks (as GitHub sends it): each workspace processes it.
    const { headSha: sha } = await runtime.github.addCheckRun(repo.fullName, {
      headSha: "main",
      name: "ci",
      status: "completed",
      conclusion: "success",
    });
    await runtime.github.idle();
    const sent = runtime.github.deliveries.filter(
      (delivery) => delivery.event === "check_run" && delivery.repo === repo.fullName,
    );
    expect(sent.map((delivery) => delivery.hookId).sort()).toEqual([...new Set(repo.hooks.map((hook) => hook.id))].sort());
    expect(new Set(sent.map((delivery) => delivery.id)).size).toBe(1);
    expect(sent.map((delivery) => delivery.status)).toEqual([202, 202]);
    await waitFor(async () => {
      const rows = await deliveryRows(sent[0]!.id);
      return rows.length === 2 && rows.every((row) => row.status === "processed");
    }, "both workspaces to process the event");
    expect((await deliveryRows(sent[0]!.id)).map((row) => row.webhookId).sort()).toEqual([hookA.id, hookB.id].sort());
    const checks = await db
      .select({ repositoryId: commitChecks.repositoryId })
      .from(commitChecks)
      .where(eq(commitChecks.headSha, sha));
    expect(checks.map((row) => row.repositoryId).sort()).toEqual([repository.id, repositoryB!.id].sort());

    // Redelivering a processed delivery is a duplicate.
    expect((await runtime.github.redeliver(sent[0]!.number)).status).toBe(200);

    // A delivery whose processing fails (a head SHA Postgres cannot index) is recorded as failed…
    await runtime.github.deliverWebhook(repo.fullName, "check_run", {
      action: "completed",
      check_run: {
        id: 999_999,
        head_sha: randomBytes(6_000).toString("hex"),
        name: "huge",
        status: "completed",
        conclusion: "success",
        app: { id: 1 },
      },
    });
    const failing = runtime.github.deliveries.at(-1)!;
    await waitFor(async () => (await deliveryRows(failing.id)).some((row) => row.status === "failed"), "the failure recorded");
    const [failed] = (await deliveryRows(failing.id)).filter((row) => row.webhookId === hookA.id && row.status === "failed");
    expect(failed?.error).toMatch(/index row/i);
    // …and GitHub's "Redeliver" (same GUID) is accepted and processed again, not dropped.
    const attemptA = runtime.github.deliveries.find(
      (delivery) => delivery.id === failing.id && delivery.hookId === hookA.githubHookId,
    )!;
    const again = await runtime.github.redeliver(attemptA.number);
    expect(again.status).toBe(202);
    expect(runtime.github.deliveries.at(-1)).toMatchObject({ id: failing.id, redelivery: true, status: 202 });
  }, 90_000);

  it("processes GitHub's redelivery of a delivery whose processing failed on a deadlock", async () => {
    const { repo, repository } = await setUpProject("redelivered", "RDL");
    const hook = await caller.repositories.setupWebhook({ repositoryId: repository.id });
    await runtime.github.idle(); // the ping
    const sha = randomBytes(20).toString("hex");
    const deliveryRow = (guid: string) =>
      db
        .select({ id: webhookDeliveries.id, status: webhookDeliveries.status, error: webhookDeliveries.lastError })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.deliveryId, guid), eq(webhookDeliveries.webhookId, hook.id)))
        .then((rows) => rows[0]);

    // Another transaction holds the commit's check lock, so the processing (which holds its
    // delivery's row) waits on it; that transaction then asks for the delivery's row: Postgres
    // finds the deadlock and aborts the processing, which waited first.
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    let recorded!: (rowId: number) => void;
    const deliveryRowId = new Promise<number>((resolve) => (recorded = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`set local deadlock_timeout = '10s'`);
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${repository.id}:${sha}`}, 0))`);
      taken();
      const rowId = await deliveryRowId;
      await waitFor(
        async () => (await tx.execute(sql`select 1 from pg_locks where locktype = 'advisory' and not granted`)).length > 0,
        "the processing to wait on the check lock",
      );
      await tx.execute(sql`select id from webhook_deliveries where id = ${rowId} for update`);
    });
    await lockTaken;
    await runtime.github.deliverWebhook(repo.fullName, "check_run", {
      action: "completed",
      check_run: { id: 4_242, head_sha: sha, name: "ci", status: "completed", conclusion: "success", app: { id: 1 } },
    });
    const first = runtime.github.deliveries.at(-1)!;
    expect(first).toMatchObject({ status: 202, redelivery: false });
    recorded(await waitFor(async () => (await deliveryRow(first.id))?.id, "the delivery recorded"));
    await holder;
    const failed = await waitFor(async () => {
      const row = await deliveryRow(first.id);
      return row?.status === "failed" && row;
    }, "the failure recorded");
    expect(failed.error).toMatch(/deadlock detected/i);

    // GitHub's "Redeliver" sends the same GUID: accepted and processed, before pg-boss's own retry (5 s on).
    const again = await runtime.github.redeliver(first.number);
    expect(again.status).toBe(202);
    await waitFor(async () => (await deliveryRow(first.id))?.status === "processed", "the redelivery processed", {
      timeoutMs: 4_000,
    });
    const checks = await db
      .select({ state: commitChecks.state })
      .from(commitChecks)
      .where(and(eq(commitChecks.repositoryId, repository.id), eq(commitChecks.headSha, sha)));
    expect(checks).toEqual([{ state: "success" }]);
  }, 60_000);
});
