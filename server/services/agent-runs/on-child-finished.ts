import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import type { Env } from "../../env.server";
import { appendRunEvent } from "./append-run-event";
import { enqueueRunDispatch } from "./enqueue-run-dispatch";
import { transitionRun } from "./transition-run";
import { failRun } from "./fail-run";
import { linkPullRequestSet } from "./link-pull-request-set";

/**
 * Called when a sub-run ends: records it on the parent, starts the next one in
 * sequence, and once all have ended links their pull requests to each other and
 * finishes the parent. Serialised per parent by a row lock.
 */
export async function onChildFinished(options: { tenantId: number; parentRunId: number; childRunId: number; env: Env }) {
  const { tenantId, parentRunId } = options;
  const finalize = await db.transaction(async (tx) => {
    const [parent] = await tx
      .select()
      .from(agentRuns)
      .where(and(eq(agentRuns.id, parentRunId), eq(agentRuns.tenantId, tenantId)))
      .for("update");
    if (!parent) return null;
    const children = await tx
      .select({ id: agentRuns.id, status: agentRuns.status, prUrl: agentRuns.prUrl, error: agentRuns.error })
      .from(agentRuns)
      .where(and(eq(agentRuns.parentRunId, parentRunId), eq(agentRuns.tenantId, tenantId)))
      .orderBy(asc(agentRuns.id));
    const child = children.find((entry) => entry.id === options.childRunId);
    if (child && parent.status === "running")
      await appendRunEvent(tx, {
        tenantId,
        runId: parentRunId,
        type: "child_status",
        payload: { runId: child.id, status: child.status, prUrl: child.prUrl, error: child.error },
      });
    if (parent.status !== "running") return null;
    const pending = children.filter((entry) => entry.status === "queued" || entry.status === "running");
    if (parent.orchestrationMode === "sequential" && child) {
      const next = children.find((entry) => entry.status === "queued" && entry.id > child.id);
      if (child.status === "completed" && next && !children.some((entry) => entry.status === "running")) {
        await enqueueRunDispatch(tx, { tenantId, runId: next.id });
        return null;
      }
      if (child.status !== "completed") {
        // A failed step stops the sequence: later steps would build on missing work.
        for (const rest of pending.filter((entry) => entry.status === "queued"))
          await transitionRun(tx, {
            tenantId,
            runId: rest.id,
            to: "cancelled",
            reason: `An earlier step (run #${child.id}) did not complete.`,
          });
        return {
          children: await tx
            .select({ id: agentRuns.id, status: agentRuns.status })
            .from(agentRuns)
            .where(eq(agentRuns.parentRunId, parentRunId)),
        };
      }
    }
    if (pending.length) return null;
    return { children };
  });
  if (!finalize) return;
  await linkPullRequestSet({ tenantId, parentRunId, env: options.env }).catch(() => undefined);
  const failed = finalize.children.filter((entry) => entry.status !== "completed");
  if (failed.length === 0) {
    await transitionRun(db, {
      tenantId,
      runId: parentRunId,
      to: "completed",
      set: { summary: `All ${finalize.children.length} sub-runs completed.` },
    });
  } else {
    await failRun(db, {
      tenantId,
      runId: parentRunId,
      message: `${failed.length} of ${finalize.children.length} sub-runs did not complete.`,
    });
  }
}
