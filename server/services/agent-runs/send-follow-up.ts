import { db } from "../../../db/client";
import { AppError } from "../../errors";
import { appendRunEvent } from "./append-run-event";
import { getRun } from "./get-run";
import { FOLLOW_UP_EVENT } from "./follow-up-event";

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
