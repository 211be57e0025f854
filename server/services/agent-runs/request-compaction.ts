import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { ambientTransaction, db } from "../../../db/client";
import { agentRunCompactions } from "../../../db/schema";
import { agentRunCompactJob } from "../../../jobs/agent-run-compact";
import { BOSS_SCHEMA, getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";

const POLL_MS = 200;
/** Longer than every attempt the job's queue allows, with their retry delays. */
const WAIT_LIMIT_MS = (agentRunCompactJob.queue.expireInSeconds! * (agentRunCompactJob.queue.retryLimit! + 1) + 60) * 1000;

export class CompactionFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompactionFailedError";
  }
}

/**
 * Asks the `agent-run.compact` job for a summary and waits for it: stores the
 * span in a row, sends the job (its payload only ids) in the same transaction,
 * then polls the row and the job's state until the summary is written or
 * pg-boss has given up on the job. The local runner and the pod API both come
 * here, so a run gets its summaries the same way wherever it runs. Callers mask
 * the text against the run's env var values before it is stored.
 */
export async function requestCompaction(options: {
  tenantId: number;
  runId: number;
  task: string;
  previousSummary: string | null;
  transcript: string;
  signal?: AbortSignal;
}) {
  const { tenantId, runId } = options;
  // Inside a transaction the job would not be visible to a worker until we stopped waiting for it.
  if (ambientTransaction()) throw new Error("A compaction cannot be awaited inside a transaction.");
  const jobId = randomUUID();
  const compactionId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agentRunCompactions)
      .values({
        tenantId,
        runId,
        jobId,
        task: options.task,
        previousSummary: options.previousSummary,
        transcript: options.transcript,
      })
      .returning({ id: agentRunCompactions.id });
    await sendJob(getBoss(), agentRunCompactJob, { tenantId, compactionId: row!.id }, { tx, id: jobId });
    return row!.id;
  });
  return { compactionId, summary: await awaitSummary({ tenantId, compactionId, signal: options.signal }) };
}

async function awaitSummary(options: { tenantId: number; compactionId: number; signal?: AbortSignal }) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    const [row] = await db.execute<{ status: string; summary: string | null; error: string | null; jobState: string | null }>(sql`
      select c.status, c.summary, c.error, j.state::text as "jobState"
      from ${agentRunCompactions} c
      left join ${sql.identifier(BOSS_SCHEMA)}.job j on j.name = ${agentRunCompactJob.name} and j.id = c.job_id
      where c.id = ${options.compactionId} and c.tenant_id = ${options.tenantId}`);
    if (!row) throw new CompactionFailedError("The compaction request is gone.");
    if (row.status === "done" && row.summary) return row.summary;
    const ended = row.jobState === null || ["failed", "cancelled", "completed"].includes(row.jobState);
    if (ended || Date.now() > deadline) {
      const reason = row.error ?? (ended ? `the job ended as ${row.jobState ?? "deleted"}` : "it took too long");
      await markFailed({ ...options, reason });
      throw new CompactionFailedError(`The summary could not be written: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function markFailed(options: { tenantId: number; compactionId: number; reason: string }) {
  await db
    .update(agentRunCompactions)
    .set({ status: "failed", error: options.reason, finishedAt: new Date() })
    .where(
      and(
        eq(agentRunCompactions.id, options.compactionId),
        eq(agentRunCompactions.tenantId, options.tenantId),
        eq(agentRunCompactions.status, "pending"),
      ),
    );
}
