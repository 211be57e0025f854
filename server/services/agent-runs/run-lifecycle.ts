import { db } from "../../../db/client";
import { endRunAtLimit } from "./end-run-at-limit";
import { transitionRun } from "./transition-run";
import { failRun } from "./fail-run";

/*
 * The executors' view of a run's lifecycle. Each step is its own statement on
 * the pool, never a caller's transaction: an executor holds no transaction
 * while the model and the tools work, and never reaches the database itself.
 */

type RunRef = { tenantId: number; runId: number };

/** queued → running; null when the run moved on (a cancel won). */
export function startRun(options: RunRef) {
  return transitionRun(db, { ...options, to: "running" });
}

/** running → completed with the agent's summary; null when the run already ended. */
export function completeRun(options: RunRef & { summary: string }) {
  return transitionRun(db, {
    tenantId: options.tenantId,
    runId: options.runId,
    to: "completed",
    set: { summary: options.summary },
  });
}

export function failRunNow(options: Parameters<typeof failRun>[1]) {
  return failRun(db, options);
}

export function endRunAtLimitNow(options: Parameters<typeof endRunAtLimit>[1]) {
  return endRunAtLimit(db, options);
}
