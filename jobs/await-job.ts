import { setTimeout as sleep } from "node:timers/promises";
import { assertNoOpenTransaction } from "../db/client";
import { getBoss } from "./boss";
import type { JobDefinition } from "./define-job";

const POLL_MS = 100;
const ENDED = ["completed", "failed", "cancelled"];

/**
 * Waits for a job to end, polling its state: a request that queued work can
 * answer with its outcome while the work itself runs in a worker, outside any
 * transaction. Resolves with the job's last state — "completed", "failed",
 * "cancelled", "deleted", or the state it was in when `timeoutMs` ran out.
 */
export async function awaitJob(job: Pick<JobDefinition<unknown>, "name">, jobId: string, options: { timeoutMs: number }) {
  // Inside a transaction the job is invisible to the workers until the wait ends.
  assertNoOpenTransaction(`Waiting for ${job.name}`);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const found = await getBoss().getJobById(job.name, jobId);
    const state = found?.state ?? "deleted";
    if (state === "deleted" || ENDED.includes(state) || Date.now() >= deadline) return state;
    await sleep(POLL_MS);
  }
}
