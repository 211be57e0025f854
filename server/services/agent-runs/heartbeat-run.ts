import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

/**
 * Refreshes a running run's heartbeat. Returns false when the run is no longer
 * running (cancelled elsewhere), which tells the worker to stop.
 */
export async function heartbeatRun(options: { tenantId: number; runId: number }) {
  const rows = await db
    .update(agentRuns)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId), eq(agentRuns.status, "running")))
    .returning({ id: agentRuns.id });
  return rows.length > 0;
}
