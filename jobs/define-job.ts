import { sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss, type Queue, type SendOptions } from "pg-boss";
import { ambientTransaction, type Executor } from "../db/client";
import type { z } from "zod";
import type { Env } from "../server/env.server";
import type { Logger } from "../server/logger";

/** What every handler gets besides its payload. */
export type JobDeps = { env: Env; logger: Logger };

/**
 * A queue as senders see it: its name, the payload it accepts, queue options and
 * an optional cron schedule. It carries no handler, so services can import it to
 * send a job without importing the services the handler calls.
 */
export type JobDefinition<Payload> = {
  name: string;
  payload: z.ZodType<Payload>;
  queue: Omit<Queue, "name">;
  /** Cron expression (UTC) for recurring jobs. */
  schedule?: string;
};

export function defineJob<Payload>(definition: JobDefinition<Payload>) {
  return definition;
}

/** How this process works a queue, typed by the job's payload. */
export type WorkerOptions<Payload> = {
  handle: (payload: Payload, deps: JobDeps) => Promise<unknown>;
  /**
   * The backstop poll while LISTEN/NOTIFY is on (pg-boss's default is 30 s). Delayed
   * jobs (`startAfter`) are only found by a poll, so queues that use them poll sooner.
   */
  notifyPollingIntervalSeconds?: number;
  /** Handlers at once per process; WORKER_CONCURRENCY when not set. */
  concurrency?: (env: Env) => number;
};

/**
 * A job with its handler. Not generic, so one list holds every queue: `work`
 * closes over the typed handler and parses the payload before calling it.
 */
export type JobWorker = Omit<WorkerOptions<never>, "handle"> & {
  job: Omit<JobDefinition<unknown>, "payload">;
  work: (data: unknown, deps: JobDeps) => Promise<unknown>;
};

export function defineWorker<Payload>(job: JobDefinition<Payload>, { handle, ...options }: WorkerOptions<Payload>): JobWorker {
  return { job, ...options, work: async (data, deps) => handle(job.payload.parse(data), deps) };
}

/**
 * Sends a job after validating its payload against the queue's schema. Inside a
 * transaction (`tx`, or else the ambient one of an API mutation) the job is
 * inserted in it, so a worker never sees a job whose data has not committed yet.
 */
export async function sendJob<Payload>(
  boss: PgBoss,
  job: JobDefinition<Payload>,
  payload: Payload,
  { tx = ambientTransaction(), ...options }: SendOptions & { tx?: Executor } = {},
) {
  return boss.send(job.name, job.payload.parse(payload) as object, tx ? { ...options, db: fromDrizzle(tx, sql) } : options);
}
