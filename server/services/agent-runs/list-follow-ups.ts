import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentEvents } from "../../../db/schema";
import { FOLLOW_UP_EVENT } from "./follow-up-event";

/** Follow-up messages after `afterSeq`, for the worker. */
export async function listFollowUps(options: { tenantId: number; runId: number; afterSeq: number }) {
  return db
    .select({ seq: agentEvents.seq, payload: agentEvents.payload })
    .from(agentEvents)
    .where(
      and(
        eq(agentEvents.tenantId, options.tenantId),
        eq(agentEvents.runId, options.runId),
        eq(agentEvents.type, FOLLOW_UP_EVENT),
        gt(agentEvents.seq, options.afterSeq),
      ),
    )
    .orderBy(asc(agentEvents.seq));
}
