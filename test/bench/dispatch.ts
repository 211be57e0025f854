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
 * bench:dispatch — create → running for 200 runs: `createRun` commits the run
 * and its pg-boss job together; a worker in this process (LISTEN/NOTIFY wake-up)
 * claims it. Measured on the database clock: the `queued` event's commit
 * transaction start to the `running` one's. Prints `name=value` lines.
 */
const RUNS = 200;
const RATE_PER_S = 10;

const fake = await startFakeAnthropic({
  scripts: [{ name: "instant", turns: [{ toolCalls: [{ name: "finish", input: { summary: "ok" } }] }] }],
});
const workspaces = mkdtempSync(path.join(os.tmpdir(), "al-bench-ws-"));
Object.assign(process.env, {
  ANTHROPIC_API_KEY: "sk-ant-bench",
  ANTHROPIC_BASE_URL: fake.url,
  WORKSPACES_DIR: workspaces,
  AGENT_RUN_CONCURRENCY: "4",
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
  const { tenant, admin } = await buildTenant({ name: "Dispatch" });

  const ids: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const due = started + (i * 1000) / RATE_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const run = await createRun({
      tenantId: tenant.id,
      userId: admin.id,
      provider: "claude",
      mode: "plan",
      prompt: `[[script:instant:${i}]]`,
    });
    ids.push(run.id);
  }
  // Wait for every run to finish, then read both status events' timestamps.
  for (const id of ids) await runFinished(tenant.id, id, { timeoutMs: 60_000 });
  const statuses = await db
    .select({ runId: agentEvents.runId, payload: agentEvents.payload, createdAt: agentEvents.createdAt })
    .from(agentEvents)
    .where(and(inArray(agentEvents.runId, ids), eq(agentEvents.type, "status")));
  const latencies: number[] = [];
  let failed = 0;
  for (const id of ids) {
    const events = statuses.filter((event) => event.runId === id);
    const queued = events.find((event) => event.payload.status === "queued")!;
    const running = events.find((event) => event.payload.status === "running");
    if (events.some((event) => event.payload.status === "failed")) failed++;
    if (running) latencies.push(running.createdAt.getTime() - queued.createdAt.getTime());
  }
  latencies.sort((a, b) => a - b);
  report("cores", os.availableParallelism());
  report("dispatch_runs", ids.length);
  report("dispatch_failed", failed);
  report("dispatch_p50_ms", percentile(latencies, 50));
  report("dispatch_p99_ms", percentile(latencies, 99));
  report("dispatch_max_ms", latencies[latencies.length - 1] ?? NaN);
} finally {
  await boss.stop({ graceful: true, timeout: 5_000, close: true });
  setBoss(undefined);
  await server.stop();
  await fake.close();
  rmSync(workspaces, { recursive: true, force: true });
}
