import { and, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { appendRunEvent } from "./append-run-event";

/**
 * Asks a running run to stop and keep its work (cancel-with-keep). The run
 * stays `running` while its worker (or pod) stops the agent, stores the diff
 * and pushes a draft pull request; it then ends `cancelled`. The event wakes
 * the local worker at once; a pod hears it at its next model call. Returns
 * null when the run is not running (or a stop was already asked for).
 */
export async function requestRunStop(options: { tenantId: number; userId: number; runId: number }) {
  return db.transaction(async (tx) => {
    const [run] = await tx
      .update(agentRuns)
      .set({ stopRequestedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(agentRuns.id, options.runId),
          eq(agentRuns.tenantId, options.tenantId),
          eq(agentRuns.status, "running"),
          isNull(agentRuns.stopRequestedAt),
        ),
      )
      .returning();
    if (!run) return null;
    await appendRunEvent(tx, {
      tenantId: options.tenantId,
      runId: options.runId,
      type: "stop_requested",
      payload: { userId: options.userId, keepWork: true },
    });
    return run;
  });
}
