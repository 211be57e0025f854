import type { V1Job } from "@kubernetes/client-node";
import type { KubeClients } from "./client";
import { isNotFound } from "./client";
import {
  agentJob,
  agentJobName,
  gitCredentialSecret,
  runEnvSecret,
  runEnvSecretName,
  runTokenSecret,
  type AgentJobInput,
} from "./manifests";
import { deleteIfPresent, ensure, kinds } from "./provision";

/** Puts the connector's token and the run's token in Secrets, then creates the run's Job. */
export async function launchAgentJob(
  clients: KubeClients,
  input: AgentJobInput & { gitToken: string; runToken: string; env?: Record<string, string> },
) {
  const k = kinds(clients, input.namespace);
  await ensure(k.secret, gitCredentialSecret({ ...input, token: input.gitToken }));
  await ensure(k.secret, runTokenSecret({ ...input, token: input.runToken }));
  const { gitToken: _gitToken, runToken: _runToken, env, ...jobInput } = input;
  // The run's env vars travel in a Secret of their own; the Job only references it.
  const withEnv = env && Object.keys(env).length ? env : undefined;
  const job = agentJob({ ...jobInput, envSecretName: withEnv ? runEnvSecretName(input.runId) : undefined });
  if (withEnv) await ensure(k.secret, runEnvSecret({ ...input, env: withEnv }));
  return clients.batch.createNamespacedJob({ namespace: input.namespace, body: job });
}

export type JobOutcome =
  { state: "running" } | { state: "succeeded" } | { state: "failed"; reason: string } | { state: "missing" };

/** Where a Job stands, from its status and conditions. */
export function jobOutcome(job: V1Job | undefined): JobOutcome {
  if (!job) return { state: "missing" };
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((condition) => condition.type === "Failed" && condition.status === "True");
  if (failed) return { state: "failed", reason: [failed.reason, failed.message].filter(Boolean).join(": ") || "The Job failed." };
  if (
    conditions.some((condition) => condition.type === "Complete" && condition.status === "True") ||
    (job.status?.succeeded ?? 0) > 0
  )
    return { state: "succeeded" };
  if ((job.status?.failed ?? 0) > 0) return { state: "failed", reason: "The agent pod failed." };
  return { state: "running" };
}

export async function readAgentJob(clients: KubeClients, namespace: string, runId: number) {
  try {
    return await clients.batch.readNamespacedJob({ name: agentJobName(runId), namespace });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes the run's Job and its pods. */
export async function deleteAgentJob(clients: KubeClients, namespace: string, runId: number) {
  return deleteIfPresent(() =>
    clients.batch.deleteNamespacedJob({ name: agentJobName(runId), namespace, propagationPolicy: "Background" }),
  );
}

/** The last part of the logs of the Job's pods. */
export async function agentJobLogs(clients: KubeClients, namespace: string, runId: number, maxBytes = 20_000) {
  const pods = await clients.core.listNamespacedPod({ namespace, labelSelector: `job-name=${agentJobName(runId)}` });
  const parts: string[] = [];
  for (const pod of pods.items) {
    const name = pod.metadata?.name;
    if (!name) continue;
    try {
      const text = await clients.core.readNamespacedPodLog({ name, namespace, container: "agent", limitBytes: maxBytes });
      if (text) parts.push(`--- ${name} ---\n${text}`);
    } catch (error) {
      if (!isNotFound(error)) parts.push(`--- ${name}: logs unavailable ---`);
    }
  }
  const all = parts.join("\n");
  return all.length > maxBytes ? all.slice(-maxBytes) : all;
}
