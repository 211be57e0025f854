import type { PgBoss } from "pg-boss";
import type { Env } from "../server/env.server";
import type { Logger } from "../server/logger";
import { agentRunDispatchWorker } from "./agent-run-dispatch.worker";
import { agentRunSweepJob } from "./agent-run-sweep";
import { agentRunSweepWorker } from "./agent-run-sweep.worker";
import { agentRunWatchWorker } from "./agent-run-watch.worker";
import { sendJob, type JobDeps, type JobWorker } from "./define-job";
import { githubWebhookWorker } from "./github-webhook.worker";
import { hookDeliverWorker } from "./hook-deliver.worker";
import { previewDeployWorker, previewDestroyWorker } from "./previews.worker";
import { repositoryScanWorker } from "./repository-scan.worker";
import { sessionCleanupWorker } from "./session-cleanup.worker";

/** Every queue, each with its handler: the only list createQueues and startWorkers read. */
export const jobWorkers: JobWorker[] = [
  sessionCleanupWorker,
  agentRunDispatchWorker,
  agentRunSweepWorker,
  repositoryScanWorker,
  githubWebhookWorker,
  agentRunWatchWorker,
  previewDeployWorker,
  previewDestroyWorker,
  hookDeliverWorker,
];

/** Creates every queue (idempotent) and its schedule; any role may send jobs. */
export async function createQueues(boss: PgBoss) {
  for (const { job } of jobWorkers) {
    await boss.createQueue(job.name, { notify: true, ...job.queue });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
}

/** Starts this process's workers for every queue, then sweeps runs a dead worker left behind. */
export async function startWorkers(boss: PgBoss, options: { env: Env; logger: Logger }) {
  const deps: JobDeps = { env: options.env, logger: options.logger };
  for (const { job, work, concurrency, notifyPollingIntervalSeconds } of jobWorkers) {
    const polling = notifyPollingIntervalSeconds
      ? { notifyPollingIntervalSeconds, pollingIntervalSeconds: Math.min(2, notifyPollingIntervalSeconds) }
      : {};
    const localConcurrency = concurrency?.(options.env) ?? options.env.WORKER_CONCURRENCY;
    await boss.work(job.name, { localConcurrency, ...polling }, async (batch) => {
      for (const item of batch) {
        options.logger.debug({ queue: job.name, jobId: item.id }, "job started");
        await work(item.data, deps);
      }
    });
  }
  // A restart after a crash: fail what the dead process was running, now and once its heartbeats are surely stale.
  await sendJob(boss, agentRunSweepJob, {});
  await sendJob(boss, agentRunSweepJob, {}, { startAfter: options.env.RUN_STALE_AFTER_SECONDS + 1 });
}
