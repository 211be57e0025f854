import { db } from "../../../db/client";
import { transitionRun } from "./transition-run";

/**
 * queued → running; null when the run moved on (a cancel won). An executor's
 * step: its own statement on the pool, never a caller's transaction (an
 * executor holds no transaction while the model and the tools work).
 */
export function startRun(options: { tenantId: number; runId: number }) {
  return transitionRun(db, { ...options, to: "running" });
}
