import type { PgBoss } from "pg-boss";
import type { Logger } from "../server/logger";
import type { JobDefinition } from "./define-job";
import { handleSessionCleanup } from "./session-cleanup.handler";
import { sessionCleanupJob } from "./session-cleanup";

type Registered = { job: JobDefinition<never>; handle: (payload: never) => Promise<unknown> };

const registered: Registered[] = [{ job: sessionCleanupJob as JobDefinition<never>, handle: handleSessionCleanup }];

/** Creates every queue (idempotent) and its schedule; any role may send jobs. */
export async function createQueues(boss: PgBoss) {
  for (const { job } of registered) {
    await boss.createQueue(job.name, { notify: true, ...job.queue });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
}

/** Starts this process's workers for every queue. */
export async function startWorkers(boss: PgBoss, options: { concurrency: number; logger: Logger }) {
  for (const { job, handle } of registered) {
    await boss.work(job.name, { localConcurrency: options.concurrency }, async (batch) => {
      for (const item of batch) {
        const payload = job.payload.parse(item.data);
        options.logger.debug({ queue: job.name, jobId: item.id }, "job started");
        await handle(payload);
      }
    });
  }
}
