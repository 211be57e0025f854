import { db } from "../../../db/client";
import { appendRunEvents } from "./append-run-event";

type Pending = {
  type: string;
  payload: Record<string, unknown>;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
};

/**
 * A run's event writer with group commit: events written while a transaction
 * is in flight go out together in the next one, in order. A fast agent (a
 * stream of deltas, tool calls, logs) costs a few transactions a second, not
 * one per event, and subscribers get them as one batch.
 */
export class RunEventWriter {
  private queue: Pending[] = [];
  private flushing = false;
  /** The current (or last) flush: settles once the queue it found is empty. */
  private flushed: Promise<void> = Promise.resolve();

  constructor(private readonly options: { tenantId: number; runId: number; onlyWhileRunning?: boolean; maxBatch?: number }) {}

  /** Queues an event; resolves with its seq once committed. */
  write(type: string, payload: Record<string, unknown>) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ type, payload, resolve, reject });
      if (!this.flushing) this.flushed = this.flush();
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
