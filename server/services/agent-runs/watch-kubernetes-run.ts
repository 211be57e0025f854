import { db } from "../../../db/client";
import { agentRunWatchJob } from "../../../jobs/agent-run-watch";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { kubeErrorMessage } from "../../../k8s/client";
import { agentJobLogs, deleteAgentJob, jobOutcome, readAgentJob } from "../../../k8s/jobs";
import { agentJobName } from "../../../k8s/manifests";
import type { Env } from "../../env.server";
import { appendRunEvent } from "./append-run-event";
import { getRun } from "./get-run";
import { transitionRun } from "./transition-run";
import { failRun } from "./fail-run";
import { heartbeatRun } from "./heartbeat-run";
import { clusterClients } from "../clusters/cluster-clients";
import { namespaceOf } from "../clusters/tenant-namespace";

/**
 * One look at a run's Job (a pg-boss job that re-schedules itself): mirrors a
 * finished Job onto the run, captures the pod's logs, deletes the Job of a
 * cancelled run, and heart-beats a running one.
 */
export async function watchKubernetesRun(options: { tenantId: number; runId: number; env: Env }) {
  const { tenantId, runId, env } = options;
  const run = await getRun({ tenantId, runId });
  if (!run.clusterId) return { done: true };
  const { clients, cluster } = await clusterClients({ tenantId, clusterId: run.clusterId, env });
  const namespace = await namespaceOf(tenantId, cluster);
  if (run.status === "cancelled") {
    await deleteAgentJob(clients, namespace, runId);
    return { done: true };
  }
  if (run.status !== "running") return { done: true };

  let outcome;
  try {
    outcome = jobOutcome(await readAgentJob(clients, namespace, runId));
  } catch (error) {
    // The cluster did not answer: try again shortly; the sweeper fails the run if this goes on.
    await sendJob(getBoss(), agentRunWatchJob, { tenantId, runId }, { startAfter: 5 });
    return { done: false, error: kubeErrorMessage(error) };
  }
  if (outcome.state === "running") {
    await heartbeatRun({ tenantId, runId });
    await sendJob(getBoss(), agentRunWatchJob, { tenantId, runId }, { startAfter: 2 });
    return { done: false };
  }
  const logs = await agentJobLogs(clients, namespace, runId).catch(() => "");
  if (logs)
    await appendRunEvent(db, { tenantId, runId, type: "log", payload: { level: "info", message: "Pod logs", text: logs } });
  if (outcome.state === "succeeded")
    await transitionRun(db, {
      tenantId,
      runId,
      to: "completed",
      set: { summary: "The Job succeeded without a report from the agent." },
    });
  else
    await failRun(db, {
      tenantId,
      runId,
      message:
        outcome.state === "missing"
          ? `The Job ${agentJobName(runId)} disappeared from the cluster.`
          : `The Job failed: ${outcome.reason}`,
    });
  return { done: true };
}
