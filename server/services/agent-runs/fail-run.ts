import { and, eq } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import type { RunEnding } from "../../metrics/runs";
import { appendRunEvent } from "./append-run-event";
import { FINISHED_STATUSES, transitionRun } from "./transition-run";

/**
 * Fails a run with an `error` event and the final status in one transaction,
 * unless it already finished (then nothing is written). Returns whether it moved.
 */
export async function failRun(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    message: string;
    ending?: RunEnding;
    /** A limit stop keeps the agent's last words and says which limit it was. */
    set?: Partial<Pick<typeof agentRuns.$inferInsert, "summary" | "stopReason">>;
  },
) {
  const [current] = await executor
    .select({ status: agentRuns.status })
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  if (!current || FINISHED_STATUSES.includes(current.status)) return false;
  return executor.transaction(async (tx) => {
    // Lock the run, so the check and the writes see the same status.
    const [locked] = await tx
      .select({ status: agentRuns.status })
      .from(agentRuns)
      .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)))
      .for("update");
    if (!locked || FINISHED_STATUSES.includes(locked.status)) return false;
    await appendRunEvent(tx, {
      tenantId: options.tenantId,
      runId: options.runId,
      type: "error",
      payload: { message: options.message },
    });
    await transitionRun(tx, {
      ...options,
      to: "failed",
      reason: options.message,
      set: { ...options.set, error: options.message },
    });
    return true;
  });
}
