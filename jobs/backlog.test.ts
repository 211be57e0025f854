import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../db/seed";
import { startFakeAnthropic } from "../test/fakes/anthropic";
import { killServerProcesses, makeDataDir, startServerProcess } from "../test/helpers/server-process";
import { createHttpClient, sessionCookieFor } from "../test/helpers/trpc-client";
import { runFinished } from "../test/helpers/wait";
import { testDatabase } from "../test/setup-database";
import { clearEnvCache } from "../server/env.server";

/**
 * A backlog drains as fast as worker slots free up, with the real server process:
 * pg-boss would sleep what is left of its polling interval (5 s for dispatch)
 * after every job, which shows only while runs take less than that; a machine
 * loaded enough to make them slower hides it. `npm run bench:backlog` measures 100 runs.
 */
const RUNS = 20;
const SLOTS = 4;
const dataDir = makeDataDir("al-backlog-");
const SESSION_SECRET = "backlog-test-secret-0123456789abcdef";
let fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
let tenantId: number;
let cookie: string;

beforeAll(async () => {
  // About 0.3 s of streaming per run, then it finishes.
  fake = await startFakeAnthropic({
    scripts: [
      {
        name: "short",
        turns: [
          { text: "x".repeat(100), chunkSize: 10, chunkDelayMs: 25, toolCalls: [{ name: "finish", input: { summary: "ok" } }] },
        ],
      },
    ],
  });
  process.env.SESSION_SECRET = SESSION_SECRET;
  clearEnvCache();
  const { tenant, admin } = await buildTenant({ name: "Backlog" });
  tenantId = tenant.id;
  cookie = await sessionCookieFor({ userId: admin.id, tenantId });
});

afterAll(async () => {
  killServerProcesses();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The runs' mean time from start to finish, in seconds. */
function runSeconds(runs: Array<{ startedAt: Date | null; finishedAt: Date | null }>) {
  return runs.reduce((sum, run) => sum + run.finishedAt!.getTime() - run.startedAt!.getTime(), 0) / runs.length / 1000;
}

describe("a backlog of runs", () => {
  it(`drains ${RUNS} runs of ~0.3 s on ${SLOTS} slots as fast as slots free up`, async () => {
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: testDatabase.url,
      SESSION_SECRET,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: fake.url,
      AGENT_RUN_CONCURRENCY: String(SLOTS),
      LOG_LEVEL: "warn",
    });
    const client = createHttpClient(server.url, cookie);
    const runs = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        client.agentRuns.create.mutate({ provider: "claude", mode: "plan", prompt: `[[script:short:${i}]]` }),
      ),
    );
    const finished = [];
    for (const run of runs) finished.push(await runFinished(tenantId, run.id, { timeoutMs: 60_000 }));
    expect(finished.map((run) => run.status)).toEqual(runs.map(() => "completed"));
    // The k-th run to start could start once k - SLOTS + 1 runs had finished: how long a freed slot sat idle.
    // pg-boss alone would leave it idle for the dispatch poll, 5 s; the rest is the run's cleanup and the
    // job's completion, which a loaded machine makes slow.
    const starts = finished.map((run) => run.startedAt!.getTime()).sort((a, b) => a - b);
    const ends = finished.map((run) => run.finishedAt!.getTime()).sort((a, b) => a - b);
    const idleMs = starts.slice(SLOTS).map((start, k) => start - ends[k]!);
    expect(Math.max(...idleMs), server.output()).toBeLessThan(3_000);
    // The whole drain: the work itself (rounds of SLOTS runs) plus at most 5 s, whatever the machine's load
    // (on an idle one, 20 runs of 0.3 s take about 2 s of work).
    const drainedMs = ends[ends.length - 1]! - starts[0]!;
    expect(drainedMs, `${RUNS} runs drained in ${drainedMs} ms`).toBeLessThan(
      (RUNS / SLOTS) * runSeconds(finished) * 1000 + 5_000,
    );
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  }, 120_000);
});
