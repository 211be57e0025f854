import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunCompactions } from "../../../db/schema";

/** Counts a failed attempt and keeps its reason, which the waiting loop reports if pg-boss gives up. */
export async function recordCompactionAttemptFailed(options: { tenantId: number; compactionId: number; error: string }) {
  await db
    .update(agentRunCompactions)
    .set({ failedAttempts: sql`${agentRunCompactions.failedAttempts} + 1`, error: options.error.slice(0, 2_000) })
    .where(and(eq(agentRunCompactions.id, options.compactionId), eq(agentRunCompactions.tenantId, options.tenantId)));
}
