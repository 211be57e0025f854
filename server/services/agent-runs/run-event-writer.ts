import { ambientTransaction, db } from "../../../db/client";
import { appendRunEvents } from "./append-run-events";
import { runEventCommits } from "./run-event-commits";

type Pending = {
  type: string;
  payload: Record<string, unknown>;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

/**
 * A run's event writer with group commit. Outside a transaction its events
 * join the process-wide group commit (every run's events queued while a commit
 * is in flight share the next statement); inside the caller's ambient
 * transaction they stay in it, batched per run. Either way events commit in
 * the order written, and a fast agent costs a few statements a second.
 */
export class RunEventWriter {
  private queue: Pending[] = [];
  private flushing = false;
  /** Settles once everything written so far is committed (or failed). */
  private flushed: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { tenantId: number; runId: number; onlyWhileRunning?: boolean; maxBatch?: number }) {}

  /** Queues an event; resolves with its seq once committed. */
  write(type: string, payload: Record<string, unknown>) {
    if (!ambientTransaction()) {
      const { tenantId, runId, onlyWhileRunning } = this.options;
      const written = runEventCommits().write({ tenantId, runId, onlyWhileRunning, type, payload });
      const before = this.flushed;
      this.flushed = Promise.allSettled([before, written]);
      return written;
    }
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ type, payload, resolve, reject });
      if (!this.flushing) {
        const before = this.flushed;
        this.flushed = Promise.allSettled([before, this.flush()]);
      }
    });
  }

  /** Resolves once everything written so far is committed (or failed). */
  async drain() {
    await this.flushed;
  }

  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
        try {
          const { firstSeq } = await appendRunEvents(db, { ...this.options, events: batch });
          batch.forEach((item, index) => item.resolve(firstSeq + index));
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
