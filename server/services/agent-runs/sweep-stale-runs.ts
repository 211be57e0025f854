import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { failRun } from "./fail-run";

/**
 * Marks runs whose worker stopped heart-beating (the process was killed) as
 * failed, with the reason. Runs in every tenant: this is the system sweeper.
 */
export async function sweepStaleRuns(options: { staleAfterSeconds: number }) {
  const stale = await db
    .select({ id: agentRuns.id, tenantId: agentRuns.tenantId, heartbeatAt: agentRuns.heartbeatAt })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.status, "running"),
        // Parents of multi-repo runs hold no worker; their children finish them.
        isNull(agentRuns.orchestrationMode),
        lt(
          sql`coalesce(${agentRuns.heartbeatAt}, ${agentRuns.startedAt}, ${agentRuns.createdAt})`,
          sql`now() - make_interval(secs => ${options.staleAfterSeconds})`,
        ),
      ),
    );
  let failed = 0;
  for (const run of stale) {
    const reason = `The worker running this run stopped (no heartbeat for over ${options.staleAfterSeconds} s); the run was marked failed.`;
    const updated = await failRun(db, { tenantId: run.tenantId, runId: run.id, message: reason, ending: "stale" });
    if (updated) failed++;
  }
  return { failed };
}
