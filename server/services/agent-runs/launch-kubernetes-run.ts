import { randomBytes } from "node:crypto";
import { db } from "../../../db/client";
import type { AgentRun } from "../../../db/schema";
import { agentRunWatchJob } from "../../../jobs/agent-run-watch";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { kubeErrorMessage } from "../../../k8s/client";
import { launchAgentJob } from "../../../k8s/jobs";
import { agentJobName } from "../../../k8s/manifests";
import { DELIVERY_GRACE_SECONDS, runLimitsOf } from "../../harness/limits";
import type { Env } from "../../env.server";
import { appendRunEvent } from "./append-run-event";
import { listRunRepositories } from "./run-repos";
import { failRun } from "./fail-run";
import { hashToken } from "../../auth/tokens";
import { setRunTokenHash } from "./pod-auth";
import { clusterClients } from "../clusters/cluster-clients";
import { namespaceOf, tenantSlug } from "../clusters/tenant-namespace";
import { connectorToken } from "../connectors/connector-token";
import { resolveRunEnv } from "../env-vars/resolve-run-env";

/**
 * Starts a running run as a Kubernetes Job in the tenant's namespace: the
 * connector's token and a fresh run-scoped token go into Secrets (only their
 * hashes and ciphertexts stay here), the Job is created, and a watcher job
 * follows it. The worker does not wait: the pod reports back over the API.
 */
export async function launchKubernetesRun(options: { tenantId: number; run: AgentRun; env: Env }) {
  const { tenantId, run, env } = options;
  try {
    if (!run.clusterId) throw new Error("The run has no cluster.");
    const [repo] = await listRunRepositories({ tenantId, runId: run.id });
    if (!repo) throw new Error("Runs on Kubernetes need a repository to clone.");
    const { clients, cluster } = await clusterClients({ tenantId, clusterId: run.clusterId, env });
    const slug = await tenantSlug(tenantId);
    const namespace = await namespaceOf(tenantId, cluster, slug);
    const gitToken = await connectorToken({ tenantId, connectorId: repo.connectorId, env });
    const runToken = `alrun_${randomBytes(32).toString("base64url")}`;
    await setRunTokenHash({ tenantId, runId: run.id, hash: hashToken(runToken) });
    await launchAgentJob(clients, {
      namespace,
      tenantSlug: slug,
      runId: run.id,
      image: env.AGENT_IMAGE,
      cloneUrl: repo.cloneUrl,
      baseBranch: repo.baseBranch ?? repo.defaultBranch,
      branch: repo.branchName ?? `al/${run.mode}/${run.id}`,
      connectorId: repo.connectorId,
      appUrl: env.APP_URL,
      // The pod stops the agent at the run's time cap and keeps its work; this cuts off a pod that hangs past it.
      activeDeadlineSeconds: runLimitsOf(run, env, null).seconds + DELIVERY_GRACE_SECONDS,
      gitToken,
      runToken,
      env: await resolveRunEnv({ tenantId, runId: run.id, projectId: run.projectId, env }),
    });
    await appendRunEvent(db, {
      tenantId,
      runId: run.id,
      type: "log",
      payload: {
        level: "info",
        message: `Created Job ${agentJobName(run.id)} in namespace ${namespace} on cluster ${cluster.name}.`,
      },
    });
    await sendJob(getBoss(), agentRunWatchJob, { tenantId, runId: run.id }, { startAfter: 2 });
  } catch (error) {
    const message = error instanceof Error && "code" in error ? kubeErrorMessage(error) : (error as Error).message;
    await failRun(db, { tenantId, runId: run.id, message: `Could not start the run on Kubernetes: ${message}` });
  }
}
