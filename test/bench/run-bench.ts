import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import { db } from "../../db/client";
import { agentEvents } from "../../db/schema";
import { buildTenant } from "../../db/seed";
import { createQueues, startWorkers } from "../../jobs";
import { createBoss, setBoss } from "../../jobs/boss";
import { clearEnvCache, getEnv } from "../../server/env.server";
import { createLogger } from "../../server/logger";
import { startFakeAnthropic } from "../fakes/anthropic";
import type { Script } from "../fakes/model-script";
import { startBenchServer } from "./harness";

/**
 * What the run benchmarks share: the fake Claude with `scripts`, a bench server, and this
 * process's workers with `concurrency` run slots, for a fresh tenant. `stop` undoes it all.
 */
export async function startRunBench(options: { scripts: Script[]; concurrency: number; tenantName: string }) {
  const fake = await startFakeAnthropic({ scripts: options.scripts });
  const workspaces = mkdtempSync(path.join(os.tmpdir(), "al-bench-ws-"));
  Object.assign(process.env, {
    ANTHROPIC_API_KEY: "sk-ant-bench",
    ANTHROPIC_BASE_URL: fake.url,
    WORKSPACES_DIR: workspaces,
    AGENT_RUN_CONCURRENCY: String(options.concurrency),
  });
  clearEnvCache();
  const server = await startBenchServer();
  const logger = createLogger("silent");
  const boss = createBoss(server.databaseUrl, logger);
  await boss.start();
  setBoss(boss);
  await createQueues(boss);
  await startWorkers(boss, { env: getEnv(), logger });
  const { tenant, admin } = await buildTenant({ name: options.tenantName });
  return {
    tenantId: tenant.id,
    userId: admin.id,
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
      setBoss(undefined);
      await server.stop();
      await fake.close();
      rmSync(workspaces, { recursive: true, force: true });
    },
  };
}

/** Each run's wait from its `queued` status event to its `running` one (database clock), sorted; and how many failed. */
export async function queueWaits(runIds: number[]) {
  const statuses = await db
    .select({ runId: agentEvents.runId, payload: agentEvents.payload, createdAt: agentEvents.createdAt })
    .from(agentEvents)
    .where(and(inArray(agentEvents.runId, runIds), eq(agentEvents.type, "status")));
  const waits: number[] = [];
  let failed = 0;
  for (const id of runIds) {
    const events = statuses.filter((event) => event.runId === id);
    const queued = events.find((event) => event.payload.status === "queued")!;
    const running = events.find((event) => event.payload.status === "running");
    if (events.some((event) => event.payload.status === "failed")) failed++;
    if (running) waits.push(running.createdAt.getTime() - queued.createdAt.getTime());
  }
  return { waits: waits.sort((a, b) => a - b), failed };
}
