import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { agentRunDispatchJob } from "../../../jobs/agent-run-dispatch";
import { BOSS_SCHEMA } from "../../../jobs/boss";
import { appendRunEvent } from "./append-run-event";
import { enqueueRunDispatch } from "./enqueue-run-dispatch";
import { failRun } from "./fail-run";

type LostDispatch = { id: number; tenantId: number; dispatchJobId: string; redispatchCount: number; jobState: string | null };

/**
 * Finds queued runs whose dispatch job can no longer start them — claimed by a
 * worker that died before the run turned running (a claim turns it running
 * within milliseconds), or failed, cancelled, expired or gone — and sends each
 * a new dispatch, once; a run that loses its dispatch again is failed with the
 * reason. A job still waiting for a slot is left alone. Runs in every tenant:
 * this is the system sweeper.
 */
export async function recoverQueuedRuns(options: { staleAfterSeconds: number }) {
  const staleBefore = sql`now() - make_interval(secs => ${options.staleAfterSeconds})`;
  const rows = await db.execute<LostDispatch>(sql`
    select r.id, r.tenant_id as "tenantId", r.dispatch_job_id as "dispatchJobId",
      r.redispatch_count as "redispatchCount", j.state::text as "jobState"
    from ${agentRuns} r
    left join ${sql.identifier(BOSS_SCHEMA)}.job j on j.name = ${agentRunDispatchJob.name} and j.id = r.dispatch_job_id
    where r.status = 'queued' and r.dispatch_job_id is not null and r.updated_at < ${staleBefore}
      and (j.id is null or j.state not in ('created', 'retry', 'active') or (j.state = 'active' and j.started_on < ${staleBefore}))`);
  // Raw rows carry bigints as strings.
  const lost = rows.map((row) => ({ ...row, id: Number(row.id), tenantId: Number(row.tenantId) }));
  let redispatched = 0;
  let failed = 0;
  for (const run of lost) {
    const outcome = await recoverRun(run);
    if (outcome === "redispatched") redispatched++;
    if (outcome === "failed") failed++;
  }
  return { redispatched, failed };
}

async function recoverRun(run: LostDispatch) {
  const cause =
    run.jobState === "active"
      ? "the worker that took it stopped before starting it"
      : run.jobState
        ? `its dispatch job ended as ${run.jobState} before starting it`
        : "its dispatch job is gone";
  return db.transaction(async (tx) => {
    // Locked and compared with the job we saw, so two sweepers (or a late first worker) never both act on it.
    const [locked] = await tx
      .select({ status: agentRuns.status, dispatchJobId: agentRuns.dispatchJobId, redispatchCount: agentRuns.redispatchCount })
      .from(agentRuns)
      .where(and(eq(agentRuns.id, run.id), eq(agentRuns.tenantId, run.tenantId)))
      .for("update");
    if (locked?.status !== "queued" || locked.dispatchJobId !== run.dispatchJobId) return "moved on" as const;
    if (locked.redispatchCount >= 1) {
      const message = `This run could not be started: ${cause}, after it had already been queued again once.`;
      await failRun(tx, { tenantId: run.tenantId, runId: run.id, message, ending: "stale" });
      return "failed" as const;
    }
    await tx
      .update(agentRuns)
      .set({ redispatchCount: sql`${agentRuns.redispatchCount} + 1` })
      .where(and(eq(agentRuns.id, run.id), eq(agentRuns.tenantId, run.tenantId)));
    await appendRunEvent(tx, {
      tenantId: run.tenantId,
      runId: run.id,
      type: "log",
      payload: { level: "warn", message: `This run was queued again: ${cause}.` },
    });
    await enqueueRunDispatch(tx, { tenantId: run.tenantId, runId: run.id });
    return "redispatched" as const;
  });
}
