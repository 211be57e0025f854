import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { buildRun, buildTenant } from "../../../db/seed";
import { explainQueuedRun } from "./explain-queued-run";

async function runIn(tenantId: number, values: Partial<typeof agentRuns.$inferInsert> = {}) {
  const run = await buildRun({ tenantId });
  if (Object.keys(values).length) await db.update(agentRuns).set(values).where(eq(agentRuns.id, run.id));
  return run;
}

describe("explainQueuedRun", () => {
  it("says a queued run waits for a worker slot while every slot holds a run, counting the runs of every workspace", async () => {
    const { tenant } = await buildTenant();
    const { tenant: other } = await buildTenant();
    await runIn(tenant.id, { status: "running" });
    await runIn(other.id, { status: "running" });
    const earlier = await runIn(other.id);
    const run = await runIn(tenant.id);

    const reason = await explainQueuedRun({ tenantId: tenant.id, runId: run.id, slots: 2 });
    expect(reason).toMatchObject({ kind: "worker-slots", slots: 2 });
    expect(reason?.kind === "worker-slots" && reason.running).toBeGreaterThanOrEqual(2);
    expect(reason?.kind === "worker-slots" && reason.ahead).toBeGreaterThanOrEqual(1);
    expect(await explainQueuedRun({ tenantId: other.id, runId: earlier.id, slots: 2 })).toMatchObject({ kind: "worker-slots" });
  });

  it("says a worker will pick it up when a slot is free, naming its cluster", async () => {
    const { tenant } = await buildTenant();
    const run = await runIn(tenant.id, { executor: "kubernetes" });
    expect(await explainQueuedRun({ tenantId: tenant.id, runId: run.id, slots: 1_000 })).toMatchObject({
      kind: "dispatch",
      cluster: null,
    });
  });

  it("says a step of a sequential run waits for the step before it", async () => {
    const { tenant } = await buildTenant();
    const parent = await runIn(tenant.id, { status: "running", orchestrationMode: "sequential" });
    const first = await runIn(tenant.id, { parentRunId: parent.id, status: "running" });
    const second = await runIn(tenant.id, { parentRunId: parent.id });
    expect(await explainQueuedRun({ tenantId: tenant.id, runId: second.id, slots: 1_000 })).toEqual({
      kind: "previous-step",
      previousRunId: first.id,
    });
  });

  it("explains nothing once the run has started, and another workspace's run is not found", async () => {
    const { tenant } = await buildTenant();
    const { tenant: other } = await buildTenant();
    const running = await runIn(tenant.id, { status: "running" });
    const queued = await runIn(tenant.id);
    expect(await explainQueuedRun({ tenantId: tenant.id, runId: running.id, slots: 2 })).toBeNull();
    await expect(explainQueuedRun({ tenantId: other.id, runId: queued.id, slots: 2 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
