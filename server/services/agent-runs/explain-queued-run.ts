import { and, count, eq, inArray, isNull, lt } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, k8sClusters } from "../../../db/schema";
import { getRun } from "./get-run";

/** Why a queued run has not started, from the state that holds it back. */
export type QueueReason =
  /** A step of a sequential multi-repo run: it is dispatched when the step before it ends. */
  | { kind: "previous-step"; previousRunId: number }
  /** Every worker slot holds a run; it starts when one ends. */
  | { kind: "worker-slots"; running: number; slots: number; ahead: number }
  /** A slot is free: a worker picks it up (and hands it to its cluster, if it has one) at its next look. */
  | { kind: "dispatch"; ahead: number; cluster: string | null };

/**
 * Explains why this tenant's run is still queued; null once it is not. Worker slots are shared by every
 * workspace on the instance, so the slot and queue counts are instance-wide — counts only, no runs of others.
 */
export async function explainQueuedRun(options: {
  tenantId: number;
  runId: number;
  /** Agent runs one worker executes at once (`AGENT_RUN_CONCURRENCY`). */
  slots: number;
}): Promise<QueueReason | null> {
  const run = await getRun(options);
  if (run.status !== "queued") return null;

  if (run.parentRunId) {
    const [parent] = await db
      .select({ mode: agentRuns.orchestrationMode })
      .from(agentRuns)
      .where(and(eq(agentRuns.id, run.parentRunId), eq(agentRuns.tenantId, options.tenantId)));
    if (parent?.mode === "sequential") {
      const [previous] = await db
        .select({ id: agentRuns.id })
        .from(agentRuns)
        .where(
          and(
            eq(agentRuns.tenantId, options.tenantId),
            eq(agentRuns.parentRunId, run.parentRunId),
            lt(agentRuns.id, run.id),
            inArray(agentRuns.status, ["queued", "running"]),
          ),
        )
        .orderBy(agentRuns.id)
        .limit(1);
      if (previous) return { kind: "previous-step", previousRunId: previous.id };
    }
  }

  // A local run holds its slot from start to end; a Kubernetes run only while it is handed over, and a
  // multi-repo parent none (its children do the work).
  const [busy] = await db
    .select({ running: count() })
    .from(agentRuns)
    .where(and(eq(agentRuns.status, "running"), eq(agentRuns.executor, "local"), isNull(agentRuns.orchestrationMode)));
  const [queue] = await db
    .select({ ahead: count() })
    .from(agentRuns)
    .where(and(eq(agentRuns.status, "queued"), lt(agentRuns.id, run.id)));
  const running = busy?.running ?? 0;
  const ahead = queue?.ahead ?? 0;
  // Handing a run to its cluster takes a slot too, so a Kubernetes run waits for one as well.
  if (running >= options.slots) return { kind: "worker-slots", running, slots: options.slots, ahead };

  const [cluster] = run.clusterId
    ? await db
        .select({ name: k8sClusters.name })
        .from(k8sClusters)
        .where(and(eq(k8sClusters.id, run.clusterId), eq(k8sClusters.tenantId, options.tenantId)))
    : [];
  return { kind: "dispatch", ahead, cluster: cluster?.name ?? null };
}
