import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentEvents, agentRuns } from "../../../db/schema";
import { notFound } from "../../errors";
import { publish } from "../../events/bus";

export const runTopic = (runId: number) => `run:${runId}`;

/**
 * Appends an event to a run's transcript with the next per-run `seq` and
 * notifies subscribers on commit. Taking the seq from the run row locks it, so
 * concurrent writers to one run commit in seq order and readers never skip one.
 */
export async function appendRunEvent(
  executor: Executor,
  options: { tenantId: number; runId: number; type: string; payload: Record<string, unknown> },
) {
  const write = async (tx: Executor) => {
    const [run] = await tx
      .update(agentRuns)
      .set({ lastEventSeq: sql`${agentRuns.lastEventSeq} + 1` })
      .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)))
      .returning({ seq: agentRuns.lastEventSeq });
    if (!run) throw notFound("Run");
    const [event] = await tx
      .insert(agentEvents)
      .values({ tenantId: options.tenantId, runId: options.runId, seq: run.seq, type: options.type, payload: options.payload })
      .returning();
    await publish(tx, { topic: runTopic(options.runId), runId: options.runId, seq: run.seq });
    return event!;
  };
  return executor.transaction((tx) => write(tx));
}
