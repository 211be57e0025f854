import { tracked } from "@trpc/server";
import { observeDeliveryLag, observeSubscriber } from "../metrics/events";
import { shareSerialization } from "../trpc/shared-serialization";
import type { EventBus } from "./bus";

type Source<Row> = {
  /** Rows after the cursor (exclusive; null for all), oldest first, at most `limit`. */
  fetchAfter: (cursor: number | null, limit: number) => Promise<Row[]>;
  cursorOf: (row: Row) => number;
};

export type ReplayThenLiveOptions<Row> = Source<Row> & {
  bus: EventBus;
  topic: string;
  /**
   * Subscribers with the same key share one reader of the topic: a notification
   * costs one query however many subscribers there are. Include everything the
   * reader is scoped by (the tenant).
   */
  feedKey: string;
  /** The cursor of the last row the client has (exclusive), or null for all. */
  after: number | null;
  /** Ends the stream once this row is delivered (e.g. a run's final status). */
  isLast?: (row: Row) => boolean;
  signal?: AbortSignal;
  batchSize?: number;
};

/**
 * Streams rows after a cursor: replays from the table, then follows the bus.
 * The bus only says "something new on this topic"; rows always come from the
 * table, so a notification lost during a reconnect costs nothing. Each row is
 * `tracked` by its cursor: an SSE client reconnecting with Last-Event-ID resumes
 * exactly after the last row it received.
 */
export async function* replayThenLive<Row>(options: ReplayThenLiveOptions<Row>) {
  for await (const chunk of chunks(options)) for (const row of chunk) yield tracked(String(options.cursorOf(row)), row);
}

/**
 * The same stream delivered in batches: whatever arrived together goes out as
 * one SSE message (tracked by its last cursor), so a fast stream — an agent
 * writing many events a second — costs one write per batch per subscriber.
 */
export async function* replayThenLiveBatches<Row>(options: ReplayThenLiveOptions<Row>) {
  for await (const chunk of chunks(options)) yield tracked(String(options.cursorOf(chunk[chunk.length - 1]!)), chunk);
}

async function* chunks<Row>(options: ReplayThenLiveOptions<Row>): AsyncGenerator<Row[]> {
  const batchSize = options.batchSize ?? 500;
  let cursor = options.after;
  let pending = true;
  let wake: (() => void) | undefined;
  const nudge = () => {
    pending = true;
    wake?.();
  };
  // Join the feed before the first read so nothing committed in between is missed.
  const feed = joinFeed(options, nudge);
  const onAbort = () => wake?.();
  options.signal?.addEventListener("abort", onAbort);
  const leave = observeSubscriber();

  /** Cuts a chunk at the last row; returns [rows to send, ended]. */
  const upToLast = (rows: Row[]): [Row[], boolean] => {
    const index = options.isLast ? rows.findIndex((row) => options.isLast!(row)) : -1;
    return index >= 0 ? [rows.slice(0, index + 1), true] : [rows, false];
  };

  try {
    // Replay from the table until caught up.
    for (;;) {
      const rows = await options.fetchAfter(cursor, batchSize);
      if (rows.length) {
        const [send, ended] = upToLast(rows);
        cursor = options.cursorOf(send[send.length - 1]!);
        yield send;
        if (ended) return;
      }
      if (rows.length < batchSize) break;
    }
    feed.start(cursor);

    // Live: rows come from the shared feed; a subscriber that fell behind its buffer reads the table.
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
      const buffered = feed.rowsAfter(cursor);
      const rows = buffered ?? (await options.fetchAfter(cursor, batchSize));
      if (rows.length === 0) continue;
      if (buffered === null) pending = true; // there may be more in the table
      const [send, ended] = upToLast(rows);
      cursor = options.cursorOf(send[send.length - 1]!);
      yield send;
      if (ended) return;
    }
  } finally {
    leave();
    leaveFeed(options.feedKey, feed, nudge);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Times live delivery once per chunk the shared feed reads (its oldest row), just
 * before every subscriber is woken: O(1) however many subscribers there are.
 * Only rows that carry their `created_at` count (run events do; board events do not).
 */
function observeLag(row: unknown) {
  const createdAt = (row as { createdAt?: unknown }).createdAt;
  if (createdAt instanceof Date) observeDeliveryLag(createdAt);
}

const FEED_BUFFER = 2_000;

/**
 * One reader per topic: on each notification it fetches what is new once and
 * keeps the latest rows, and wakes every subscriber to take what it lacks.
 * It covers everything after `coveredAfter`; older cursors read the table.
 */
class TopicFeed<Row> {
  /** One wake-up per subscriber; the feed closes when the last one leaves. */
  readonly waiters = new Set<() => void>();
  private rows: Row[] = [];
  /** The slices handed out since the buffer last changed, by start index: subscribers at one cursor share one (and its serialisation). */
  private slices = new Map<number, Row[]>();
  private coveredAfter: number | null | undefined = undefined;
  private highWater: number | null = null;
  private fetching = false;
  private dirty = false;
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    topic: string,
    private readonly source: Source<Row>,
  ) {
    const refresh = () => void this.refresh();
    this.unsubscribe = bus.subscribe(topic, refresh, refresh);
  }

  /** The first subscriber to catch up sets where the feed starts. */
  start(cursor: number | null) {
    if (this.coveredAfter !== undefined) return;
    this.coveredAfter = cursor;
    this.highWater = cursor;
  }

  /** Rows after `cursor` from the buffer, or null when the buffer does not reach back that far. */
  rowsAfter(cursor: number | null): Row[] | null {
    if (this.coveredAfter === undefined) return null;
    if (this.coveredAfter !== null && (cursor === null || cursor < this.coveredAfter)) return null;
    let low = 0;
    let high = this.rows.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cursor !== null && this.source.cursorOf(this.rows[middle]!) <= cursor) low = middle + 1;
      else high = middle;
    }
    let slice = this.slices.get(low);
    if (!slice) this.slices.set(low, (slice = shareSerialization(this.rows.slice(low))));
    return slice;
  }

  private async refresh() {
    if (this.coveredAfter === undefined) return this.wakeAll();
    if (this.fetching) {
      this.dirty = true;
      return;
    }
    this.fetching = true;
    try {
      do {
        this.dirty = false;
        for (;;) {
          const rows = await this.source.fetchAfter(this.highWater, 500);
          if (rows.length === 0) break;
          this.rows.push(...rows);
          this.slices.clear();
          this.highWater = this.source.cursorOf(rows[rows.length - 1]!);
          observeLag(rows[0]);
          if (this.rows.length > FEED_BUFFER) {
            const dropped = this.rows.splice(0, this.rows.length - FEED_BUFFER);
            this.coveredAfter = this.source.cursorOf(dropped[dropped.length - 1]!);
          }
          this.wakeAll();
          if (rows.length < 500) break;
        }
      } while (this.dirty);
    } catch {
      // A failed read: subscribers fall back to the table on their next wake.
      this.coveredAfter = undefined;
      this.rows = [];
      this.slices.clear();
    } finally {
      this.fetching = false;
      this.wakeAll();
    }
  }

  private wakeAll() {
    for (const wake of this.waiters) wake();
  }

  close() {
    this.unsubscribe();
  }
}

const feeds = new Map<string, TopicFeed<unknown>>();

function joinFeed<Row>(options: ReplayThenLiveOptions<Row>, wake: () => void): TopicFeed<Row> {
  let feed = feeds.get(options.feedKey) as TopicFeed<Row> | undefined;
  if (!feed) {
    feed = new TopicFeed(options.bus, options.topic, options);
    feeds.set(options.feedKey, feed as TopicFeed<unknown>);
  }
  feed.waiters.add(wake);
  return feed;
}

function leaveFeed<Row>(key: string, feed: TopicFeed<Row>, wake: () => void) {
  feed.waiters.delete(wake);
  if (feed.waiters.size > 0) return;
  feed.close();
  if (feeds.get(key) === (feed as TopicFeed<unknown>)) feeds.delete(key);
}

/** Parses an SSE Last-Event-ID (a stringified cursor) back into a number. */
export function parseCursor(lastEventId: string | null | undefined): number | null {
  if (!lastEventId) return null;
  const cursor = Number.parseInt(lastEventId, 10);
  return Number.isSafeInteger(cursor) && cursor >= 0 ? cursor : null;
}
