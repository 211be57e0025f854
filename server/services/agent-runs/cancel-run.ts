import { db, inTransaction, type Commit } from "../../../db/client";
import { AppError } from "../../errors";
import { getRun } from "./get-run";
import { stopKubernetesRun } from "./stop-kubernetes-run";
import type { Env } from "../../env.server";
import { cancelChildren } from "./cancel-children";
import { requestRunStop } from "./request-run-stop";
import { transitionRun } from "./transition-run";

/**
 * Cancels a queued or running run. The status changes at once; the worker
 * hears it on the event bus (or its next heartbeat) and stops the agent,
 * killing any command it is running. With `keepWork`, a running run is asked
 * to stop instead: it keeps its diff and pushes a draft pull request, then
 * ends `cancelled` (a queued run has no work yet, and is cancelled as usual).
 * The status commits in `commit`; a Kubernetes run's Job is deleted after it,
 * outside any transaction.
 */
export async function cancelRun(options: {
  tenantId: number;
  userId: number;
  runId: number;
  keepWork?: boolean;
  env?: Env;
  commit?: Commit;
}) {
  return (options.commit ?? inTransaction)(() => cancelInDatabase(options)).then(async (updated) => {
    if (updated.executor === "kubernetes" && updated.clusterId && options.env && updated.status === "cancelled")
      await stopKubernetesRun({
        tenantId: options.tenantId,
        runId: options.runId,
        clusterId: updated.clusterId,
        env: options.env,
      }).catch(() => {
        // The watcher deletes the Job on its next look if the cluster did not answer now.
      });
    return updated;
  });
}

async function cancelInDatabase(options: { tenantId: number; userId: number; runId: number; keepWork?: boolean }) {
  const run = await getRun(options);
  if (run.status !== "queued" && run.status !== "running")
    throw new AppError("CONFLICT", `The run has already ${run.status === "completed" ? "completed" : `been ${run.status}`}.`);
  if (options.keepWork && run.status === "running" && !run.orchestrationMode) {
    const stopping = await requestRunStop(options);
    if (!stopping) throw new AppError("CONFLICT", "The run is already stopping, or it ended.");
    return stopping;
  }
  const updated = await transitionRun(db, {
    tenantId: options.tenantId,
    runId: options.runId,
    to: "cancelled",
    reason: "Cancelled by a user.",
    set: { error: null },
  });
  if (updated?.orchestrationMode) await cancelChildren({ tenantId: options.tenantId, parentRunId: options.runId });
  if (!updated) {
    const current = await getRun(options);
    throw new AppError("CONFLICT", `The run finished (${current.status}) before it could be cancelled.`);
  }
  return updated;
}
