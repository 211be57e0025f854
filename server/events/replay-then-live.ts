import { tracked } from "@trpc/server";
import type { EventBus } from "./bus";

/**
 * Streams rows after a cursor: replays from the table, then follows the bus.
 * The bus only says "something new on this topic"; rows always come from the
 * table, so a notification lost during a reconnect costs nothing. Each row is
 * `tracked` by its cursor: an SSE client reconnecting with Last-Event-ID resumes
 * exactly after the last row it received.
 */
export async function* replayThenLive<Row>(options: {
  bus: EventBus;
  topic: string;
  /** The cursor of the last row the client has (exclusive), or null for all. */
  after: number | null;
  fetchAfter: (cursor: number | null, limit: number) => Promise<Row[]>;
  cursorOf: (row: Row) => number;
  /** Ends the stream once this row is delivered (e.g. a run's final status). */
  isLast?: (row: Row) => boolean;
  signal?: AbortSignal;
  batchSize?: number;
}) {
  const batchSize = options.batchSize ?? 500;
  let cursor = options.after;
  let pending = true;
  let wake: (() => void) | undefined;
  const nudge = () => {
    pending = true;
    wake?.();
  };
  // Subscribe before the first read so nothing committed in between is missed.
  const unsubscribe = options.bus.subscribe(options.topic, nudge, nudge);
  const onAbort = () => wake?.();
  options.signal?.addEventListener("abort", onAbort);
  try {
    while (!options.signal?.aborted) {
      if (!pending) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (pending || options.signal?.aborted) resolve();
        });
        wake = undefined;
        continue;
      }
      pending = false;
      for (;;) {
        const rows = await options.fetchAfter(cursor, batchSize);
        for (const row of rows) {
          cursor = options.cursorOf(row);
          yield tracked(String(cursor), row);
          if (options.isLast?.(row)) return;
        }
        if (rows.length < batchSize) break;
      }
    }
  } finally {
    unsubscribe();
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** Parses an SSE Last-Event-ID (a stringified cursor) back into a number. */
export function parseCursor(lastEventId: string | null | undefined): number | null {
  if (!lastEventId) return null;
  const cursor = Number.parseInt(lastEventId, 10);
  return Number.isSafeInteger(cursor) && cursor >= 0 ? cursor : null;
}
