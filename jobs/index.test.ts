import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { getEnv } from "../server/env.server";
import { createLogger } from "../server/logger";
import { createBoss } from "./boss";
import type { JobDefinition } from "./define-job";
import { createQueues, jobWorkers } from "./index";

// Every module that may define a queue; workers, tests and the list itself define none.
const modules = import.meta.glob<Record<string, unknown>>(["./*.ts", "!./*.worker.ts", "!./*.test.ts", "!./index.ts"], {
  eager: true,
});

const isJobDefinition = (value: unknown): value is JobDefinition<unknown> =>
  typeof value === "object" && value !== null && "name" in value && "payload" in value && value.payload instanceof z.ZodType;

const definedJobs = Object.values(modules).flatMap((exports) => Object.values(exports).filter(isJobDefinition));

describe("the job list", () => {
  it("holds every queue defined in jobs/, once, each with its handler", () => {
    expect(definedJobs.length).toBeGreaterThan(0);
    expect(jobWorkers.map((worker) => worker.job).sort(byName)).toEqual([...definedJobs].sort(byName));
    expect(new Set(jobWorkers.map((worker) => worker.job.name)).size).toBe(jobWorkers.length);
    for (const worker of jobWorkers) expect(worker.work).toBeTypeOf("function");
  });

  it("gives run dispatch AGENT_RUN_CONCURRENCY and leaves every other queue to WORKER_CONCURRENCY", () => {
    const env = { ...getEnv(), AGENT_RUN_CONCURRENCY: 7 };
    const limits = jobWorkers.flatMap(({ job, concurrency }) => (concurrency ? [[job.name, concurrency(env)]] : []));
    expect(limits).toEqual([["agent-run.dispatch", 7]]);
  });

  it("refuses a payload its queue's schema rejects", async () => {
    const worker = jobWorkers.find((candidate) => candidate.job.name === "hook.deliver")!;
    await expect(
      worker.work({ tenantId: "1", deliveryId: -1 }, { env: getEnv(), logger: createLogger("silent") }),
    ).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("createQueues", () => {
  // A database of its own without queues: the per-file database is cloned from a template that has them.
  const name = `al_test_queues_${randomBytes(6).toString("hex")}`;
  const urlFor = (database: string) => inject("databaseUrlPattern").replace("{db}", database);
  const admin = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  const boss = createBoss(urlFor(name), createLogger("silent"));

  beforeAll(async () => {
    await admin.unsafe(`create database "${name}"`);
    await boss.start();
  });

  afterAll(async () => {
    await boss.stop({ graceful: false, close: true });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  it("creates exactly the listed queues, with their options and schedules", async () => {
    // pg-boss keeps queues of its own (`__pgboss__…`) beside ours.
    const ours = async () => (await boss.getQueues()).filter((queue) => !queue.name.startsWith("__pgboss__"));
    expect(await ours()).toEqual([]);
    await createQueues(boss);
    const queues = await ours();
    expect(queues.map((queue) => queue.name).sort()).toEqual(jobWorkers.map((worker) => worker.job.name).sort());
    for (const { job } of jobWorkers)
      expect(
        queues.find((queue) => queue.name === job.name),
        job.name,
      ).toMatchObject({ ...job.queue, notify: true });
    const schedules = await boss.getSchedules();
    expect(schedules.map((schedule) => [schedule.name, schedule.cron]).sort()).toEqual(
      jobWorkers.flatMap(({ job }) => (job.schedule ? [[job.name, job.schedule]] : [])).sort(),
    );
  });
});

function byName(a: { name: string }, b: { name: string }) {
  return a.name.localeCompare(b.name);
}
