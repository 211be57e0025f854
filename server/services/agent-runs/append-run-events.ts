import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentEvents, agentRuns } from "../../../db/schema";
import { notFound } from "../../errors";
import { publish } from "../../events/bus";
import { sanitizeJson, sanitizeText } from "../../text/sanitize";
import { runTopic } from "./run-topic";

/** The run finished (was cancelled) while its worker still had events to write. */
export class RunNotRunningError extends Error {
  constructor(runId: number) {
    super(`Run ${runId} is no longer running.`);
    this.name = "RunNotRunningError";
  }
}

/**
 * Appends events to a run in one transaction: seqs taken together from the run
 * row, one multi-row insert, one notification on commit. Taking the seqs locks
 * the run row, so concurrent writers to one run commit in seq order and readers
 * never skip one.
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
    const events = await tx
      .insert(agentEvents)
      .values(
        options.events.map((event, index) => ({
          tenantId: options.tenantId,
          runId: options.runId,
          seq: first + index,
          type: sanitizeText(event.type),
          // Agent, tool and file output: a binary file read must not fail the run on this insert.
          payload: sanitizeJson(event.payload),
        })),
      )
      .returning();
    await publish(tx, { topic: runTopic(options.runId), runId: options.runId, seq: run.last });
    return { firstSeq: first, lastSeq: run.last, events };
  });
}
