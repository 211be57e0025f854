import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { agentEvents, agentRuns } from "../../../db/schema";
import { notFound } from "../../errors";
import { publish } from "../../events/bus";
import { RunNotRunningError, runTopic } from "./append-run-event";

type Pending = {
  type: string;
  payload: Record<string, unknown>;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

/**
 * Appends several events to a run in one transaction: seqs taken together from
 * the run row (locked), one multi-row insert, one notification.
 */
export async function appendRunEvents(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    events: Array<{ type: string; payload: Record<string, unknown> }>;
    onlyWhileRunning?: boolean;
  },
) {
  const count = options.events.length;
  return executor.transaction(async (tx) => {
    const [run] = await tx
      .update(agentRuns)
      .set({ lastEventSeq: sql`${agentRuns.lastEventSeq} + ${count}` })
      .where(
        and(
          eq(agentRuns.id, options.runId),
          eq(agentRuns.tenantId, options.tenantId),
          options.onlyWhileRunning ? eq(agentRuns.status, "running") : undefined,
        ),
      )
      .returning({ last: agentRuns.lastEventSeq });
    if (!run && options.onlyWhileRunning) throw new RunNotRunningError(options.runId);
    if (!run) throw notFound("Run");
    const first = run.last - count + 1;
    await tx.insert(agentEvents).values(
      options.events.map((event, index) => ({
        tenantId: options.tenantId,
        runId: options.runId,
        seq: first + index,
        type: event.type,
        payload: event.payload,
      })),
    );
    await publish(tx, { topic: runTopic(options.runId), runId: options.runId, seq: run.last });
    return { firstSeq: first, lastSeq: run.last };
  });
}

/**
 * A run's event writer with group commit: events written while a transaction
 * is in flight go out together in the next one, in order. A fast agent (a
 * stream of deltas, tool calls, logs) costs a few transactions a second, not
 * one per event, and subscribers get them as one batch.
 */
export class RunEventWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly options: { tenantId: number; runId: number; onlyWhileRunning?: boolean; maxBatch?: number }) {}

  /** Queues an event; resolves with its seq once committed. */
  write(type: string, payload: Record<string, unknown>) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ type, payload, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Resolves once everything written so far is committed (or failed). */
  async drain() {
    while (this.flushing || this.queue.length) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
        try {
          const { firstSeq } = await appendRunEvents(db, { ...this.options, events: batch });
          batch.forEach((item, index) => item.resolve(firstSeq + index));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
