import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { buildRun, buildTenant } from "../../../db/seed";
import { RunNotRunningError } from "./append-run-events";
import { listRunEvents } from "./list-run-events";
import { readRunEventsTogether } from "./read-run-events-together";
import { RunEventWriter } from "./run-event-writer";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("the process-wide group commit of run events", () => {
  it("keeps each run's events in the order written, with contiguous seqs, when many runs write at once", async () => {
    const { tenant } = await buildTenant();
    const runs = await Promise.all(range(1, 20).map(() => buildRun({ tenantId: tenant.id })));
    const writers = runs.map((run) => new RunEventWriter({ tenantId: tenant.id, runId: run.id }));
    // Interleaved across runs, all queued before any commit, so commits carry many runs each.
    const seqs = await Promise.all(range(1, 50).flatMap((n) => writers.map((writer) => writer.write("log", { n }))));
    expect(seqs.length).toBe(1000);
    for (const run of runs) {
      const events = await listRunEvents({ tenantId: tenant.id, runId: run.id, afterSeq: null, limit: 100 });
      expect(events.map((event) => event.seq)).toEqual(range(1, 50));
      expect(events.map((event) => event.payload.n)).toEqual(range(1, 50));
    }
  });

  it("refuses a stopped run's events without failing the other runs in the same commit", async () => {
    const { tenant } = await buildTenant();
    const running = await buildRun({ tenantId: tenant.id });
    const stopped = await buildRun({ tenantId: tenant.id });
    await db.update(agentRuns).set({ status: "running" }).where(eq(agentRuns.id, running.id));
    const live = new RunEventWriter({ tenantId: tenant.id, runId: running.id, onlyWhileRunning: true });
    const dead = new RunEventWriter({ tenantId: tenant.id, runId: stopped.id, onlyWhileRunning: true });
    const results = await Promise.allSettled([
      live.write("log", { n: 1 }),
      dead.write("log", { n: 1 }),
      live.write("log", { n: 2 }),
    ]);
    expect(results[0]).toEqual({ status: "fulfilled", value: 1 });
    expect(results[1]).toMatchObject({ status: "rejected", reason: expect.any(RunNotRunningError) });
    expect(results[2]).toEqual({ status: "fulfilled", value: 2 });
    expect(await listRunEvents({ tenantId: tenant.id, runId: stopped.id, afterSeq: null, limit: 10 })).toEqual([]);
  });

  it("writes nothing to another tenant's run and answers NOT_FOUND", async () => {
    const mine = await buildTenant();
    const theirs = await buildTenant();
    const theirRun = await buildRun({ tenantId: theirs.tenant.id });
    const writer = new RunEventWriter({ tenantId: mine.tenant.id, runId: theirRun.id });
    await expect(writer.write("log", { n: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listRunEvents({ tenantId: theirs.tenant.id, runId: theirRun.id, afterSeq: null, limit: 10 })).toEqual([]);
  });
});

describe("reading several runs' events in one query", () => {
  it("answers each read with its own run's rows after its cursor, and nothing of a run in another tenant", async () => {
    const mine = await buildTenant();
    const theirs = await buildTenant();
    const [a, b] = await Promise.all([buildRun({ tenantId: mine.tenant.id }), buildRun({ tenantId: mine.tenant.id })]);
    const theirRun = await buildRun({ tenantId: theirs.tenant.id });
    for (const [tenantId, runId] of [
      [mine.tenant.id, a.id],
      [mine.tenant.id, b.id],
      [theirs.tenant.id, theirRun.id],
    ] as const) {
      const writer = new RunEventWriter({ tenantId, runId });
      await Promise.all(range(1, 5).map((n) => writer.write("log", { n })));
    }
    const [afterTwo, all, limited, foreign] = await Promise.all([
      readRunEventsTogether({ tenantId: mine.tenant.id, runId: a.id, afterSeq: 2, limit: 100 }),
      readRunEventsTogether({ tenantId: mine.tenant.id, runId: b.id, afterSeq: null, limit: 100 }),
      readRunEventsTogether({ tenantId: mine.tenant.id, runId: b.id, afterSeq: 1, limit: 2 }),
      readRunEventsTogether({ tenantId: mine.tenant.id, runId: theirRun.id, afterSeq: null, limit: 100 }),
    ]);
    expect(afterTwo.map((event) => event.seq)).toEqual([3, 4, 5]);
    expect(all.map((event) => event.payload.n)).toEqual([1, 2, 3, 4, 5]);
    expect(limited.map((event) => event.seq)).toEqual([2, 3]);
    expect(foreign).toEqual([]);
    expect(all[0]!.createdAt).toBeInstanceOf(Date);
  });
});
