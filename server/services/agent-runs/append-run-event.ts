import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentEvents, agentRuns } from "../../../db/schema";
import { notFound } from "../../errors";
import { publish } from "../../events/bus";

/** The run finished (was cancelled) while its worker still had events to write. */
export class RunNotRunningError extends Error {
  constructor(runId: number) {
    super(`Run ${runId} is no longer running.`);
    this.name = "RunNotRunningError";
  }
}

export const runTopic = (runId: number) => `run:${runId}`;

/**
 * Appends an event to a run's transcript with the next per-run `seq` and
 * notifies subscribers on commit. Taking the seq from the run row locks it, so
 * concurrent writers to one run commit in seq order and readers never skip one.
 */
export async function appendRunEvent(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    type: string;
    payload: Record<string, unknown>;
    /** The worker's events: written only while the run is running, so nothing follows a final status. */
    onlyWhileRunning?: boolean;
  },
) {
  const write = async (tx: Executor) => {
    const [run] = await tx
      .update(agentRuns)
      .set({ lastEventSeq: sql`${agentRuns.lastEventSeq} + 1` })
      .where(
        and(
          eq(agentRuns.id, options.runId),
          eq(agentRuns.tenantId, options.tenantId),
          options.onlyWhileRunning ? eq(agentRuns.status, "running") : undefined,
        ),
      )
      .returning({ seq: agentRuns.lastEventSeq });
    if (!run && options.onlyWhileRunning) throw new RunNotRunningError(options.runId);
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
