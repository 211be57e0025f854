import { db } from "../../../db/client";
import { transitionRun } from "./transition-run";

/**
 * running → completed with the agent's summary; null when the run already
 * ended. An executor's step: its own statement on the pool, never a caller's
 * transaction.
 */
export function completeRun(options: { tenantId: number; runId: number; summary: string }) {
  return transitionRun(db, {
    tenantId: options.tenantId,
    runId: options.runId,
    to: "completed",
    set: { summary: options.summary },
  });
}
