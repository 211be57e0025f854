import { rmSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../db/seed";
import { createQueues } from "../../jobs";
import { agentRunDispatchJob } from "../../jobs/agent-run-dispatch";
import { createBoss, setBoss } from "../../jobs/boss";
import { startFakeAnthropic } from "../../test/fakes/anthropic";
import { killServerProcesses, makeDataDir, startServerProcess } from "../../test/helpers/server-process";
import { createHttpClient, sessionCookieFor } from "../../test/helpers/trpc-client";
import { runEvents, runFinished, waitFor } from "../../test/helpers/wait";
import { testDatabase } from "../../test/setup-database";
import { clearEnvCache, getEnv } from "../env.server";
import { createLogger } from "../logger";
import { createRun } from "../services/agent-runs/create-run";
import { getRun } from "../services/agent-runs/get-run";
import { createEnvVarSet } from "../services/env-vars/create-env-var-set";
import { setEnvVar } from "../services/env-vars/set-env-var";
import { createProject } from "../services/projects/create-project";

/**
 * Runs a dead replica left behind, with real server processes on this file's
 * database: each ends re-dispatched once or failed with the reason, within
 * RUN_STALE_AFTER_SECONDS + 5 s of a survivor being there.
 */
const STALE_SECONDS = 2;
const BOUND_MS = (STALE_SECONDS + 5) * 1000;
const dataDir = makeDataDir("al-recovery-");
const SESSION_SECRET = "run-recovery-test-secret-0123456789abcdef";
let fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
let sql: postgres.Sql;
let tenantId: number;
let userId: number;
let cookie: string;
let testBoss: ReturnType<typeof createBoss>;

beforeAll(async () => {
  fake = await startFakeAnthropic({
    scripts: [
      { name: "instant", turns: [{ toolCalls: [{ name: "finish", input: { summary: "done" } }] }] },
      { name: "endless", turns: [{ text: "still thinking ".repeat(2000), chunkSize: 10, chunkDelayMs: 30 }] },
      // About 4 s of streaming, then done.
      {
        name: "slow",
        turns: [
          {
            text: "x".repeat(100),
            chunkSize: 10,
            chunkDelayMs: 300,
            toolCalls: [{ name: "finish", input: { summary: "done" } }],
          },
        ],
      },
    ],
  });
  process.env.SESSION_SECRET = SESSION_SECRET;
  process.env.ANTHROPIC_API_KEY = "sk-ant-test";
  clearEnvCache();
  sql = postgres(testDatabase.url, { max: 2, onnotice: () => {} });
  // This process only sends jobs (as the API does); the server processes work them.
  testBoss = createBoss(testDatabase.url, createLogger("silent"));
  await testBoss.start();
  setBoss(testBoss);
  await createQueues(testBoss);
  const { tenant, admin } = await buildTenant({ name: "Recovery" });
  tenantId = tenant.id;
  userId = admin.id;
  cookie = await sessionCookieFor({ userId, tenantId });
});

afterAll(async () => {
  killServerProcesses();
  setBoss(undefined);
  await testBoss?.stop({ graceful: false, close: true });
  await sql?.end();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A replica; its database sessions carry `name`, so the test can tell whose backend waits on a lock. */
function startReplica(name: string, env: Record<string, string> = {}) {
  const url = new URL(testDatabase.url);
  url.searchParams.set("application_name", name);
  return startServerProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    SESSION_SECRET,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: fake.url,
    RUN_STALE_AFTER_SECONDS: String(STALE_SECONDS),
    SHUTDOWN_GRACE_SECONDS: "5",
    LOG_LEVEL: process.env.RECOVERY_TEST_LOG_LEVEL ?? "warn",
    ...env,
  });
}

const withOutput = (server: { output: () => string }) => (error: Error) => {
  throw new Error(`${error.message}\n${server.output()}`);
};

const createQueuedRun = (key: string) =>
  createRun({ tenantId, userId, provider: "claude", mode: "plan", prompt: `[[script:instant:${key}]]` });

const jobState = async (jobId: string) => (await testBoss.getJobById(agentRunDispatchJob.name, jobId))?.state ?? null;

describe("runs a dead replica left behind", () => {
  it("re-dispatches, once, a run whose worker was killed after claiming it and before starting it", async () => {
    const run = await createQueuedRun("claimed");
    // The claim's first write (queued → running) waits on this lock: the window, held open.
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`select id from agent_runs where id = ${run.id} for update`;
    const first = await startReplica("replica-first");
    await waitFor(
      async () => (await jobState((await getRun({ tenantId, runId: run.id })).dispatchJobId!)) === "active",
      "the first replica to claim the dispatch job",
      { intervalMs: 50 },
    );
    await waitFor(
      async () =>
        (await sql`select 1 from pg_stat_activity where application_name = 'replica-first' and wait_event_type = 'Lock'`).length >
        0,
      "the claim to wait on the run's row",
    );
    first.child.kill("SIGKILL");
    await first.exited;
    await reserved`rollback`;
    reserved.release();
    const orphaned = await getRun({ tenantId, runId: run.id });
    expect(orphaned.status).toBe("queued");
    expect(await jobState(orphaned.dispatchJobId!)).toBe("active");

    // A dispatch that failed, or vanished, before its run started: queued again too; lost a second time: failed.
    const cancelled = await createQueuedRun("cancelled");
    await testBoss.cancel(agentRunDispatchJob.name, (await getRun({ tenantId, runId: cancelled.id })).dispatchJobId!);
    const twice = await createQueuedRun("twice");
    await testBoss.deleteJob(agentRunDispatchJob.name, (await getRun({ tenantId, runId: twice.id })).dispatchJobId!);
    await sql`update agent_runs set redispatch_count = 1 where id = ${twice.id}`;
    const survivor = await startReplica("replica-survivor");
    const readyAt = Date.now();
    const finished = await runFinished(tenantId, run.id, { timeoutMs: BOUND_MS + 10_000 }).catch(withOutput(survivor));
    const events = await runEvents(tenantId, run.id);
    const running = events.find((event) => event.type === "status" && event.payload.status === "running")!;
    expect(running.createdAt.getTime() - readyAt).toBeLessThan(BOUND_MS);
    expect(finished.status, survivor.output()).toBe("completed");
    expect(finished.redispatchCount).toBe(1);
    expect(finished.dispatchJobId).not.toBe(orphaned.dispatchJobId);
    expect(events.filter((event) => event.type === "status").map((event) => event.payload.status)).toEqual([
      "queued",
      "running",
      "completed",
    ]);
    expect(events.find((event) => event.type === "log")?.payload.message).toBe(
      "This run was queued again: the worker that took it stopped before starting it.",
    );

    expect((await runFinished(tenantId, cancelled.id, { timeoutMs: BOUND_MS + 10_000 })).status).toBe("completed");
    const requeued = (await runEvents(tenantId, cancelled.id)).find((event) => event.type === "log")!;
    expect(requeued.payload.message).toBe("This run was queued again: its dispatch job ended as cancelled before starting it.");
    expect(requeued.createdAt.getTime() - readyAt).toBeLessThan(BOUND_MS);
    const failed = await runFinished(tenantId, twice.id, { timeoutMs: BOUND_MS + 5_000 });
    expect(failed.finishedAt!.getTime() - readyAt).toBeLessThan(BOUND_MS);
    expect(failed).toMatchObject({
      status: "failed",
      error: "This run could not be started: its dispatch job is gone, after it had already been queued again once.",
    });
    survivor.child.kill("SIGTERM");
    expect(await survivor.exited, survivor.output()).toBe(0);
  }, 120_000);

  it("fails, from a surviving replica, a run whose replica was killed while running it", async () => {
    const doomed = await startReplica("replica-doomed");
    const client = createHttpClient(doomed.url, cookie);
    const run = await client.agentRuns.create.mutate({ provider: "claude", mode: "plan", prompt: "[[script:endless:killed]]" });
    await waitFor(
      async () => (await runEvents(tenantId, run.id, 100)).some((event) => event.type === "message_delta"),
      "the run to stream",
      { intervalMs: 100 },
    );
    const survivor = await startReplica("replica-survivor");
    doomed.child.kill("SIGKILL");
    const killedAt = Date.now();
    const failed = await runFinished(tenantId, run.id, { timeoutMs: BOUND_MS + 5_000 }).catch(withOutput(survivor));
    expect(Date.now() - killedAt).toBeLessThan(BOUND_MS);
    expect(failed.status, survivor.output()).toBe("failed");
    expect(failed.error).toMatch(/worker running this run stopped/);
    survivor.child.kill("SIGTERM");
    expect(await survivor.exited, survivor.output()).toBe(0);
  }, 120_000);

  it("fails with the reason a run whose worker threw after claiming it, instead of heart-beating it for good", async () => {
    // A variable sealed with this process's key, which the replica does not have: reading the run's env throws.
    const { project } = await createProject({ tenantId, userId, name: "Sealed", key: "SEAL" });
    const set = await createEnvVarSet({ tenantId, name: "sealed", scope: "project", scopeId: project.id });
    await setEnvVar({ tenantId, setId: set.id, key: "API_TOKEN", value: "not-for-this-replica", env: getEnv() });
    const replica = await startReplica("replica-keyless", { ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") });
    const run = await createRun({
      tenantId,
      userId,
      projectId: project.id,
      provider: "claude",
      mode: "plan",
      prompt: "[[script:instant:sealed]]",
    });
    const createdAt = Date.now();
    const failed = await runFinished(tenantId, run.id, { timeoutMs: BOUND_MS + 5_000 }).catch(withOutput(replica));
    expect(Date.now() - createdAt).toBeLessThan(BOUND_MS);
    expect(failed.status, replica.output()).toBe("failed");
    expect(failed.error).toMatch(/No encryption key with id/);
    expect(failed.error).not.toContain("not-for-this-replica");
    expect(
      (await runEvents(tenantId, run.id)).filter((event) => event.type === "status").map((event) => event.payload.status),
    ).toEqual(["queued", "running", "failed"]);
    replica.child.kill("SIGTERM");
    expect(await replica.exited, replica.output()).toBe(0);
  }, 120_000);

  it("executes once a run whose dispatch job expired while its claim waited, and holds the slot of one that expired while running", async () => {
    // Expiry in a second, not four hours: pg-boss reads it from the job's row when it fetches it.
    const expireSoon = async (runId: number) => {
      const { dispatchJobId } = await getRun({ tenantId, runId });
      await sql`update pgboss.job set expire_seconds = 1 where name = ${agentRunDispatchJob.name} and id = ${dispatchJobId!}`;
      return dispatchJobId!;
    };
    const waiting = await createQueuedRun("expired-claim");
    const waitingJob = await expireSoon(waiting.id);
    const reserved = await sql.reserve();
    await reserved`begin`;
    await reserved`select id from agent_runs where id = ${waiting.id} for update`;
    const replica = await startReplica("replica-expiry", { AGENT_RUN_CONCURRENCY: "1" });
    await waitFor(async () => (await jobState(waitingJob)) === "failed", "pg-boss to expire the dispatch job", {
      intervalMs: 100,
    });
    await reserved`rollback`;
    reserved.release();
    const completed = await runFinished(tenantId, waiting.id, { timeoutMs: BOUND_MS + 5_000 }).catch(withOutput(replica));
    expect(completed.status, replica.output()).toBe("completed");
    const statuses = async (runId: number) =>
      (await runEvents(tenantId, runId)).filter((event) => event.type === "status").map((event) => event.payload.status);
    expect(await statuses(waiting.id)).toEqual(["queued", "running", "completed"]);

    // One slot: a run whose job expires mid-run keeps the slot until it ends, so the next waits for it.
    // A filler holds the slot while the long run's job is made to expire soon, before anything fetches it.
    const filler = await createRun({ tenantId, userId, provider: "claude", mode: "plan", prompt: "[[script:slow:filler]]" });
    await waitFor(async () => (await getRun({ tenantId, runId: filler.id })).status === "running", "the filler to start", {
      intervalMs: 50,
    });
    const long = await createRun({ tenantId, userId, provider: "claude", mode: "plan", prompt: "[[script:slow:expired-run]]" });
    const longJob = await expireSoon(long.id);
    await waitFor(async () => (await getRun({ tenantId, runId: long.id })).status === "running", "the long run to start", {
      intervalMs: 50,
    });
    await waitFor(async () => (await jobState(longJob)) === "failed", "pg-boss to expire the running run's job", {
      intervalMs: 100,
    });
    const next = await createQueuedRun("after-expired");
    const [longDone, nextDone] = await Promise.all([
      runFinished(tenantId, long.id, { timeoutMs: 30_000 }),
      runFinished(tenantId, next.id, { timeoutMs: 30_000 }),
    ]);
    expect(longDone.status, replica.output()).toBe("completed");
    expect(nextDone.status).toBe("completed");
    expect(nextDone.startedAt!.getTime()).toBeGreaterThanOrEqual(longDone.finishedAt!.getTime());
    expect(await statuses(long.id)).toEqual(["queued", "running", "completed"]);
    replica.child.kill("SIGTERM");
    expect(await replica.exited, replica.output()).toBe(0);
  }, 120_000);
});
