import type { V1Job } from "@kubernetes/client-node";
import type { KubeClients } from "./client";
import { isNotFound } from "./client";
import { agentJob, agentJobName, gitCredentialSecret, runTokenSecret, type AgentJobInput } from "./manifests";
import { ensure, kinds } from "./provision";

type Obj = Parameters<typeof ensure>[1];

/** Puts the connector's token and the run's token in Secrets, then creates the run's Job. */
export async function launchAgentJob(
  clients: KubeClients,
  input: AgentJobInput & { gitToken: string; runToken: string; env?: Record<string, string> },
) {
  const k = kinds(clients, input.namespace);
  await ensure(k.secret, gitCredentialSecret({ ...input, token: input.gitToken }) as unknown as Obj);
  await ensure(k.secret, runTokenSecret({ ...input, token: input.runToken }) as unknown as Obj);
  const { gitToken: _gitToken, runToken: _runToken, env, ...jobInput } = input;
  const job = agentJob(jobInput);
  if (env && Object.keys(env).length) {
    // The run's env vars travel in a Secret of their own; the Job only references it.
    const name = runEnvSecretName(input.runId);
    const base = runTokenSecret({ ...input, token: "unused" }) as unknown as Obj;
    await ensure(k.secret, { ...base, metadata: { ...base.metadata, name }, stringData: env } as Obj);
    const agent = job.spec!.template.spec!.containers.find((container) => container.name === "agent")!;
    agent.envFrom = [...(agent.envFrom ?? []), { secretRef: { name } }];
  }
  return clients.batch.createNamespacedJob({ namespace: input.namespace, body: job });
}

export const runEnvSecretName = (runId: number | string) => `run-env-${runId}`;

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
  try {
    await clients.batch.deleteNamespacedJob({ name: agentJobName(runId), namespace, propagationPolicy: "Background" });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
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
