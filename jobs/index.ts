import type { PgBoss } from "pg-boss";
import type { Env } from "../server/env.server";
import type { Logger } from "../server/logger";
import { agentRunCompactWorker } from "./agent-run-compact.worker";
import { agentRunDispatchWorker } from "./agent-run-dispatch.worker";
import { agentRunSweepWorker } from "./agent-run-sweep.worker";
import { agentRunWatchWorker } from "./agent-run-watch.worker";
import { clusterSyncWorker } from "./cluster-sync.worker";
import type { JobDeps, JobWorker } from "./define-job";
import { githubWebhookWorker } from "./github-webhook.worker";
import { hookDeliverWorker } from "./hook-deliver.worker";
import { previewDeployWorker, previewDestroyWorker } from "./previews.worker";
import { repositoryScanWorker } from "./repository-scan.worker";
import { startRunSweeper } from "./run-sweeper";
import { sessionCleanupWorker } from "./session-cleanup.worker";

/** Every queue, each with its handler: the only list createQueues and startWorkers read. */
export const jobWorkers: JobWorker[] = [
  sessionCleanupWorker,
  agentRunDispatchWorker,
  agentRunCompactWorker,
  agentRunSweepWorker,
  repositoryScanWorker,
  githubWebhookWorker,
  agentRunWatchWorker,
  previewDeployWorker,
  previewDestroyWorker,
  hookDeliverWorker,
  clusterSyncWorker,
];

/** Creates every queue (idempotent) and its schedule; any role may send jobs. */
export async function createQueues(boss: PgBoss) {
  for (const { job } of jobWorkers) {
    await boss.createQueue(job.name, { notify: true, ...job.queue });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
}

/**
 * Starts this process's workers for every queue, and the run sweeper. Each slot is
 * a pg-boss worker of its own that is woken again as its job ends: pg-boss sleeps
 * a polling interval after every fetch unless notified, so a backlog would
 * otherwise drain one job per slot per interval. An empty fetch still sleeps.
 */
export async function startWorkers(boss: PgBoss, options: { env: Env; logger: Logger }) {
  const deps: JobDeps = { env: options.env, logger: options.logger };
  for (const { job, work, concurrency, notifyPollingIntervalSeconds } of jobWorkers) {
    const polling = notifyPollingIntervalSeconds
      ? { notifyPollingIntervalSeconds, pollingIntervalSeconds: Math.min(2, notifyPollingIntervalSeconds) }
      : {};
    const slots = concurrency?.(options.env) ?? options.env.WORKER_CONCURRENCY;
    for (let slot = 0; slot < slots; slot++) {
      const workerId = await boss.work(job.name, polling, async (batch) => {
        for (const item of batch) {
          options.logger.debug({ queue: job.name, jobId: item.id }, "job started");
          try {
            await work(item.data, deps);
          } finally {
            boss.notifyWorker(workerId);
          }
        }
      });
    }
  }
  startRunSweeper(boss, options);
}
