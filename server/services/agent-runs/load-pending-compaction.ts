import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunCompactions, agentRuns } from "../../../db/schema";

/** A pending compaction with its run, for the job that writes its summary; null when done, failed or foreign. */
export async function loadPendingCompaction(options: { tenantId: number; compactionId: number }) {
  const [row] = await db
    .select({ compaction: agentRunCompactions, run: agentRuns })
    .from(agentRunCompactions)
    .innerJoin(agentRuns, and(eq(agentRuns.id, agentRunCompactions.runId), eq(agentRuns.tenantId, agentRunCompactions.tenantId)))
    .where(
      and(
        eq(agentRunCompactions.id, options.compactionId),
        eq(agentRunCompactions.tenantId, options.tenantId),
        eq(agentRunCompactions.status, "pending"),
      ),
    );
  return row ?? null;
}
