import { findEventBus } from "../../events/bus";
import { notFound } from "../../errors";
import { RunNotRunningError } from "./append-run-events";
import { runTopic } from "./run-topic";
import { commitRunEvents, type RunEventToCommit } from "./commit-run-events";

type Pending = RunEventToCommit & { resolve: (seq: number) => void; reject: (error: unknown) => void };

const MAX_BATCH = 1000;

/**
 * Group commit across every run of the process: events queued while a commit
 * is in flight go out together in the next one statement, in the order they
 * were queued (so in order per run). A hundred runs writing ten events a
 * second each cost a few statements a second, not a thousand transactions.
 */
class RunEventCommits {
  private queue: Pending[] = [];
  private flushing = false;

  /** Queues an event; resolves with its seq once committed. */
  write(event: RunEventToCommit) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ ...event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Pending[]) {
    const publishCommitted = findEventBus()?.publishCommitted;
    try {
      const committed = await commitRunEvents(batch, { notify: !publishCommitted });
      const next = new Map(committed.map((run) => [run.runId, run.last - run.count + 1]));
      for (const item of batch) {
        const seq = next.get(item.runId);
        if (seq === undefined) item.reject(item.onlyWhileRunning ? new RunNotRunningError(item.runId) : notFound("Run"));
        else {
          next.set(item.runId, seq + 1);
          item.resolve(seq);
        }
      }
      if (publishCommitted && committed.length) {
        await publishCommitted(committed.map((run) => ({ topic: runTopic(run.runId), runId: run.runId, seq: run.last }))).catch(
          () => undefined, // rows are the truth: a lost notification is caught up on the next one or a resync
        );
      }
    } catch (error) {
      const runIds = new Set(batch.map((item) => item.runId));
      if (runIds.size === 1) for (const item of batch) item.reject(error);
      // One run's bad event must not fail the others: commit each run on its own.
      else for (const runId of runIds) await this.commit(batch.filter((item) => item.runId === runId));
    }
  }
}

const registry = globalThis as typeof globalThis & { __assemblyLimeRunEventCommits?: RunEventCommits };

/** The process's one group committer (shared by the Remix bundle and the server through globalThis). */
export function runEventCommits() {
  return (registry.__assemblyLimeRunEventCommits ??= new RunEventCommits());
}
