import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunCompactions, agentRuns, type CompactionSections } from "../../../db/schema";

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

export async function saveCompactionSummary(options: {
  tenantId: number;
  compactionId: number;
  summary: string;
  sections: CompactionSections;
}) {
  await db
    .update(agentRunCompactions)
    .set({ status: "done", summary: options.summary, sections: options.sections, error: null, finishedAt: new Date() })
    .where(and(eq(agentRunCompactions.id, options.compactionId), eq(agentRunCompactions.tenantId, options.tenantId)));
}

/** Counts a failed attempt and keeps its reason, which the waiting loop reports if pg-boss gives up. */
export async function recordCompactionAttemptFailed(options: { tenantId: number; compactionId: number; error: string }) {
  await db
    .update(agentRunCompactions)
    .set({ failedAttempts: sql`${agentRunCompactions.failedAttempts} + 1`, error: options.error.slice(0, 2_000) })
    .where(and(eq(agentRunCompactions.id, options.compactionId), eq(agentRunCompactions.tenantId, options.tenantId)));
}
