import type { Executor } from "../../../db/client";
import type { RunStopReason } from "../../../db/schema";
import { transitionRun } from "./transition-run";
import { failRun } from "./fail-run";

/**
 * The final status of a run a limit stopped, once its work is kept: a cancel
 * that kept the work ends `cancelled`; any other limit `failed`, with the
 * limit as the reason. Either way the run records which limit it was and the
 * agent's last words. Returns the status, or null when the run had already
 * ended (a hard cancel won the race).
 */
export async function endRunAtLimit(
  executor: Executor,
  options: { tenantId: number; runId: number; stop: { reason: RunStopReason; message: string }; summary: string },
) {
  const { stop, summary } = options;
  if (stop.reason === "cancelled") {
    const run = await transitionRun(executor, {
      tenantId: options.tenantId,
      runId: options.runId,
      to: "cancelled",
      reason: stop.message,
      set: { summary, stopReason: stop.reason, error: null },
    });
    return run ? ("cancelled" as const) : null;
  }
  const failed = await failRun(executor, {
    tenantId: options.tenantId,
    runId: options.runId,
    message: stop.message,
    ending: stop.reason === "time" ? "timeout" : stop.reason === "budget" ? "budget" : "limit",
    set: { summary, stopReason: stop.reason },
  });
  return failed ? ("failed" as const) : null;
}
