import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentRuns, type AgentRunStatus } from "../../../db/schema";
import { observeRunFinished, type RunEnding } from "../../metrics/runs";
import { emitHookEvent } from "../hooks/emit-hook-event";
import { sanitizeJson } from "../../text/sanitize";
import { moveTicketForWork } from "../tickets/move-ticket-for-work";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { appendRunEvent } from "./append-run-event";
import { touchTicketCard } from "./touch-ticket-card";

/** The only moves a run's status may make. */
export const RUN_TRANSITIONS: Record<AgentRunStatus, AgentRunStatus[]> = {
  queued: ["running", "cancelled", "failed"],
  running: ["completed", "failed", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};

// touchTicketCard lives in touch-ticket-card.ts; webhooks/process-github-event.ts still imports it from here.
export { touchTicketCard };

export const FINISHED_STATUSES: AgentRunStatus[] = ["completed", "failed", "cancelled"];

/**
 * Moves a run to `to` if its current status allows it, and records a `status`
 * event in the same transaction. Returns the updated run, or null when the run
 * had already moved on (a cancel racing a finish: the first one wins).
 */
export async function transitionRun(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    to: AgentRunStatus;
    reason?: string;
    /** What ended a failed run, for the metrics (default `error`). */
    ending?: RunEnding;
    set?: Partial<
      Pick<typeof agentRuns.$inferInsert, "summary" | "error" | "startedAt" | "finishedAt" | "heartbeatAt" | "stopReason">
    >;
  },
) {
  const from = (Object.keys(RUN_TRANSITIONS) as AgentRunStatus[]).filter((status) =>
    RUN_TRANSITIONS[status].includes(options.to),
  );
  const moved = await executor.transaction(async (tx) => {
    const now = new Date();
    const [run] = await tx
      .update(agentRuns)
      .set({
        status: options.to,
        updatedAt: now,
        ...(options.to === "running" ? { startedAt: now, heartbeatAt: now } : {}),
        ...(FINISHED_STATUSES.includes(options.to) ? { finishedAt: now } : {}),
        // The summary and error are the agent's words (or a tool's output it quoted).
        ...sanitizeJson(options.set),
      })
      .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId), inArray(agentRuns.status, from)))
      .returning();
    if (!run) return null;
    await appendRunEvent(tx, {
      tenantId: options.tenantId,
      runId: options.runId,
      type: "status",
      payload: { status: options.to, ...(options.reason ? { reason: options.reason } : {}) },
    });
    await recordWorkspaceChange(tx, { tenantId: options.tenantId, kind: "run", subjectId: run.id });
    // The ticket's card shows its latest run; a run starting moves the ticket (board automation).
    if (run.ticketId && options.to === "running")
      await moveTicketForWork(tx, {
        tenantId: options.tenantId,
        ticketId: run.ticketId,
        event: "runStarted",
        cause: { kind: "run", event: "started", runId: run.id },
      });
    else if (run.ticketId) await touchTicketCard(tx, { tenantId: options.tenantId, ticketId: run.ticketId });
    if (options.to === "completed" || options.to === "failed")
      await emitHookEvent(tx, {
        tenantId: options.tenantId,
        event: options.to === "completed" ? "run.completed" : "run.failed",
        payload: {
          runId: run.id,
          status: run.status,
          mode: run.mode,
          ticketId: run.ticketId,
          projectId: run.projectId,
          prUrl: run.prUrl,
          error: run.error,
          summary: run.summary,
        },
      });
    return run;
  });
  if (moved && FINISHED_STATUSES.includes(moved.status)) observeRunFinished(moved, options.ending);
  return moved;
}
