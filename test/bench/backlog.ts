import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "../../db/client";
import { agentEvents } from "../../db/schema";
import { buildTenant } from "../../db/seed";
import { createQueues, startWorkers } from "../../jobs";
import { createBoss, setBoss } from "../../jobs/boss";
import { createRun } from "../../server/services/agent-runs/create-run";
import { clearEnvCache, getEnv } from "../../server/env.server";
import { createLogger } from "../../server/logger";
import { startFakeAnthropic } from "../fakes/anthropic";
import { runFinished } from "../helpers/wait";
import { percentile, report, startBenchServer } from "./harness";

/**
 * bench:backlog — 100 runs of ~0.3 s created at once, worked by 4 slots in this
 * process: from the first create to the last finish (ideal ≈ 100 × 0.3 / 4 = 7.5 s),
 * and each run's wait from queued to running. Prints `name=value` lines.
 */
const RUNS = 100;
const SLOTS = 4;

const fake = await startFakeAnthropic({
  scripts: [
    {
      name: "short",
      turns: [{ text: "x".repeat(100), chunkSize: 10, chunkDelayMs: 25, toolCalls: [{ name: "finish", input: { summary: "ok" } }] }],
    },
  ],
});
const workspaces = mkdtempSync(path.join(os.tmpdir(), "al-bench-ws-"));
Object.assign(process.env, {
  ANTHROPIC_API_KEY: "sk-ant-bench",
  ANTHROPIC_BASE_URL: fake.url,
  WORKSPACES_DIR: workspaces,
  AGENT_RUN_CONCURRENCY: String(SLOTS),
});
clearEnvCache();
const server = await startBenchServer();
const logger = createLogger("silent");
const boss = createBoss(server.databaseUrl, logger);
try {
  await boss.start();
  setBoss(boss);
  await createQueues(boss);
  await startWorkers(boss, { env: getEnv(), logger });
  const { tenant, admin } = await buildTenant({ name: "Backlog" });

  const started = performance.now();
  const ids: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await createRun({ tenantId: tenant.id, userId: admin.id, provider: "claude", mode: "plan", prompt: `[[script:short:${i}]]` });
    ids.push(run.id);
  }
  const finished = [];
  for (const id of ids) finished.push(await runFinished(tenant.id, id, { timeoutMs: 300_000 }));
  const drainedMs = performance.now() - started;
  const statuses = await db
    .select({ runId: agentEvents.runId, payload: agentEvents.payload, createdAt: agentEvents.createdAt })
    .from(agentEvents)
    .where(and(inArray(agentEvents.runId, ids), eq(agentEvents.type, "status")));
  const waits: number[] = [];
  for (const id of ids) {
    const events = statuses.filter((event) => event.runId === id);
    const queued = events.find((event) => event.payload.status === "queued")!;
    const running = events.find((event) => event.payload.status === "running");
    if (running) waits.push(running.createdAt.getTime() - queued.createdAt.getTime());
  }
  waits.sort((a, b) => a - b);
  report("cores", os.availableParallelism());
  report("backlog_runs", RUNS);
  report("backlog_slots", SLOTS);
  report("backlog_failed", finished.filter((run) => run.status !== "completed").length);
  report("backlog_drain_s", drainedMs / 1000);
  report("backlog_wait_p50_ms", percentile(waits, 50));
  report("backlog_wait_p99_ms", percentile(waits, 99));
} finally {
  await boss.stop({ graceful: true, timeout: 5_000, close: true });
  setBoss(undefined);
  await server.stop();
  await fake.close();
  rmSync(workspaces, { recursive: true, force: true });
}
