import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

export async function runStatus(options: { tenantId: number; runId: number }) {
  const [row] = await db
    .select({ status: agentRuns.status })
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return row?.status ?? null;
}
