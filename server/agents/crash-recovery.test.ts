import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../db/seed";
import { startFakeAnthropic } from "../../test/fakes/anthropic";
import { createHttpClient, sessionCookieFor } from "../../test/helpers/trpc-client";
import { testDatabase } from "../../test/setup-database";
import { clearEnvCache } from "../env.server";
import { getRun } from "../services/agent-runs/get-run";
import { killServerProcesses, makeDataDir, startServerProcess } from "../../test/helpers/server-process";
import { runEvents, waitFor } from "../../test/helpers/wait";

/**
 * Crash recovery with the real server process (`server/main.ts`, as `npm
 * start` runs it) against this file's database: a worker killed mid-run leaves
 * nothing "running" once a process is back; a clean shutdown fails its runs at
 * once with the reason. Needs `npm run build` first.
 */
const dataDir = makeDataDir("al-crash-");
const SESSION_SECRET = "crash-recovery-test-secret-0123456789abcdef";
let fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
let tenantId: number;
let cookie: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  fake.scripts.add({ name: "endless", turns: [{ text: "still thinking ".repeat(2000), chunkSize: 10, chunkDelayMs: 30 }] });
  fake.scripts.add({ name: "sleeper", turns: [{ toolCalls: [{ name: "run_command", input: { command: "sleep 120" } }] }] });
  process.env.SESSION_SECRET = SESSION_SECRET;
  clearEnvCache();
  const { tenant, admin } = await buildTenant({ name: "Crash" });
  tenantId = tenant.id;
  cookie = await sessionCookieFor({ userId: admin.id, tenantId });
});

afterAll(async () => {
  killServerProcesses();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer(overrides: Record<string, string> = {}) {
  return startServerProcess({
    DATA_DIR: dataDir,
    DATABASE_URL: testDatabase.url,
    SESSION_SECRET,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: fake.url,
    RUN_STALE_AFTER_SECONDS: "2",
    // Runs in flight get until the grace period's cut-off: keep it short here.
    SHUTDOWN_GRACE_SECONDS: "5",
    LOG_LEVEL: process.env.CRASH_TEST_LOG_LEVEL ?? "warn",
    ...overrides,
  });
}

async function startStreamingRun(url: string, key: string) {
  const client = createHttpClient(url, cookie);
  const run = await client.agentRuns.create.mutate({
    provider: "claude",
    mode: "implement",
    prompt: `[[script:endless:${key}]]`,
  });
  await waitFor(
    async () => (await runEvents(tenantId, run.id, 100)).some((e) => e.type === "message_delta"),
    "the run to stream",
    { intervalMs: 100 },
  );
  return run;
}

describe("runs and a dying worker", () => {
  it("fails a run whose worker was killed, once a server is back", async () => {
    const first = await startServer();
    const run = await startStreamingRun(first.url, "killed");
    first.child.kill("SIGKILL");
    await first.exited;
    expect((await getRun({ tenantId, runId: run.id })).status).toBe("running");

    const second = await startServer();
    const failed = await waitFor(
      async () => {
        const current = await getRun({ tenantId, runId: run.id });
        return current.status !== "running" && current;
      },
      "the sweeper to fail the run",
      { intervalMs: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${second.output()}`);
    });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/worker running this run stopped \(no heartbeat for over 2 s\)/);
    const events = await runEvents(tenantId, run.id);
    expect(events.slice(-2).map((event) => event.type)).toEqual(["error", "status"]);

    // A clean shutdown does not wait for the sweeper: the run fails at once, with the reason.
    const interrupted = await startStreamingRun(second.url, "sigterm");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(await getRun({ tenantId, runId: interrupted.id })).toMatchObject({
      status: "failed",
      error: "The server shut down while this run was in progress; start it again.",
    });
  }, 120_000);

  it("on SIGTERM stops model streams and commands at once, records each run's failure, then exits well before the grace period ends", async () => {
    // A long grace period: runs used to keep working until its cut-off (15 s in), and only then fail.
    const server = await startServer({ SHUTDOWN_GRACE_SECONDS: "20" });
    const streaming = await startStreamingRun(server.url, "stream-on-sigterm");
    const client = createHttpClient(server.url, cookie);
    const commanding = await client.agentRuns.create.mutate({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:sleeper:cmd]]",
    });
    await waitFor(
      async () => (await runEvents(tenantId, commanding.id, 100)).some((e) => e.type === "tool_call"),
      "the command to start",
      { intervalMs: 100 },
    );
    const signalledAt = Date.now();
    server.child.kill("SIGTERM");
    expect(await server.exited, server.output()).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    for (const run of [streaming, commanding]) {
      const stopped = await getRun({ tenantId, runId: run.id });
      expect(stopped).toMatchObject({
        status: "failed",
        error: "The server shut down while this run was in progress; start it again.",
      });
      expect(stopped.finishedAt!.getTime() - signalledAt).toBeLessThan(3_000);
    }
  }, 90_000);
});
