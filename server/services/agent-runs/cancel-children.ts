import { and, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { transitionRun } from "./transition-run";

/** Cancelling a parent cancels the sub-runs that have not ended. */
export async function cancelChildren(options: { tenantId: number; parentRunId: number }) {
  const children = await db
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        eq(agentRuns.parentRunId, options.parentRunId),
        inArray(agentRuns.status, ["queued", "running"]),
      ),
    );
  for (const child of children)
    await transitionRun(db, {
      tenantId: options.tenantId,
      runId: child.id,
      to: "cancelled",
      reason: "The parent run was cancelled.",
    });
  return children.length;
}
