import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentEvents } from "../../../db/schema";

/** A run's events after `afterSeq` (exclusive), oldest first. The caller has checked the run's tenant. */
export async function listRunEvents(options: { tenantId: number; runId: number; afterSeq: number | null; limit: number }) {
  return db
    .select({ seq: agentEvents.seq, type: agentEvents.type, payload: agentEvents.payload, createdAt: agentEvents.createdAt })
    .from(agentEvents)
    .where(
      and(
        eq(agentEvents.tenantId, options.tenantId),
        eq(agentEvents.runId, options.runId),
        options.afterSeq === null ? undefined : gt(agentEvents.seq, options.afterSeq),
      ),
    )
    .orderBy(asc(agentEvents.seq))
    .limit(options.limit);
}
