import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentEvents } from "../../../db/schema";
import { AppError } from "../../errors";
import { appendRunEvent } from "./append-run-event";
import { getRun } from "./get-run";

export const FOLLOW_UP_EVENT = "user_message";

/** Sends a message to a queued or running run; the agent reads it before its next model call. */
export async function sendFollowUp(options: { tenantId: number; userId: number; runId: number; text: string }) {
  const run = await getRun(options);
  if (run.status !== "queued" && run.status !== "running")
    throw new AppError("CONFLICT", `The run is ${run.status}; start a new run to continue the work.`);
  return appendRunEvent(db, {
    tenantId: options.tenantId,
    runId: options.runId,
    type: FOLLOW_UP_EVENT,
    payload: { text: options.text, userId: options.userId },
  });
}

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
