import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

/** The run's status, and whether a user asked it to stop keeping its work. */
export async function runStopState(options: { tenantId: number; runId: number }) {
  const [row] = await db
    .select({ status: agentRuns.status, stopRequestedAt: agentRuns.stopRequestedAt })
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return row ?? null;
}
