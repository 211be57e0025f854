import type { PgBoss } from "pg-boss";
import type { Env } from "../server/env.server";
import type { Logger } from "../server/logger";
import { agentRunDispatchJob } from "./agent-run-dispatch";
import { handleAgentRunDispatch } from "./agent-run-dispatch.handler";
import { agentRunSweepJob } from "./agent-run-sweep";
import { agentRunWatchJob } from "./agent-run-watch";
import { hookDeliverJob } from "./hook-deliver";
import { handleHookDeliver } from "./hook-deliver.handler";
import { previewDeployJob, previewDestroyJob } from "./previews";
import { handlePreviewDeploy, handlePreviewDestroy } from "./previews.handler";
import { handleAgentRunWatch } from "./agent-run-watch.handler";
import { handleAgentRunSweep } from "./agent-run-sweep.handler";
import { sendJob, type JobDefinition, type JobDeps } from "./define-job";
import { githubWebhookJob } from "./github-webhook";
import { handleGitHubWebhook } from "./github-webhook.handler";
import { repositoryScanJob } from "./repository-scan";
import { handleRepositoryScan } from "./repository-scan.handler";
import { handleSessionCleanup } from "./session-cleanup.handler";
import { sessionCleanupJob } from "./session-cleanup";

type Registered = { job: JobDefinition<never>; handle: (payload: never, deps: JobDeps) => Promise<unknown> };

const registered: Registered[] = [
  { job: sessionCleanupJob as JobDefinition<never>, handle: handleSessionCleanup },
  {
    job: { ...agentRunDispatchJob, concurrency: (env: Env) => env.AGENT_RUN_CONCURRENCY } as JobDefinition<never>,
    handle: handleAgentRunDispatch,
  },
  { job: agentRunSweepJob as JobDefinition<never>, handle: handleAgentRunSweep },
  { job: repositoryScanJob as JobDefinition<never>, handle: handleRepositoryScan },
  { job: githubWebhookJob as JobDefinition<never>, handle: handleGitHubWebhook },
  { job: agentRunWatchJob as JobDefinition<never>, handle: handleAgentRunWatch },
  { job: previewDeployJob as JobDefinition<never>, handle: handlePreviewDeploy },
  { job: previewDestroyJob as JobDefinition<never>, handle: handlePreviewDestroy },
  { job: hookDeliverJob as JobDefinition<never>, handle: handleHookDeliver },
];

/** Creates every queue (idempotent) and its schedule; any role may send jobs. */
export async function createQueues(boss: PgBoss) {
  for (const { job } of registered) {
    await boss.createQueue(job.name, { notify: true, ...job.queue });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
}

/** Starts this process's workers for every queue, then sweeps runs a dead worker left behind. */
export async function startWorkers(boss: PgBoss, options: { env: Env; logger: Logger }) {
  const deps: JobDeps = { env: options.env, logger: options.logger };
  for (const { job, handle } of registered) {
    const concurrency = job.concurrency?.(options.env) ?? options.env.WORKER_CONCURRENCY;
    const polling = job.notifyPollingIntervalSeconds
      ? {
          notifyPollingIntervalSeconds: job.notifyPollingIntervalSeconds,
          pollingIntervalSeconds: Math.min(2, job.notifyPollingIntervalSeconds),
        }
      : {};
    await boss.work(job.name, { localConcurrency: concurrency, ...polling }, async (batch) => {
      for (const item of batch) {
        const payload = job.payload.parse(item.data);
        options.logger.debug({ queue: job.name, jobId: item.id }, "job started");
        await handle(payload, deps);
      }
    });
  }
  // A restart after a crash: fail what the dead process was running, now and once its heartbeats are surely stale.
  await sendJob(boss, agentRunSweepJob, {});
  await sendJob(boss, agentRunSweepJob, {}, { startAfter: options.env.RUN_STALE_AFTER_SECONDS + 1 });
}
