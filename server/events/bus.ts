import postgres from "postgres";
import { sql as drizzleSql } from "drizzle-orm";
import type { Executor } from "../../db/client";

/** The one channel every notification goes through; topics are routed in memory. */
export const EVENTS_CHANNEL = "al_events";
const MAX_PAYLOAD_BYTES = 7_999;

/** A notification: a topic plus ids only — readers load bodies from their table. */
export type BusMessage = { topic: string; [key: string]: string | number | null };
type Listener = (message: BusMessage) => void;

/**
 * Where notifications come from. The default is Postgres LISTEN; another
 * transport (the bench's Redis pub/sub) cannot share the writer's transaction,
 * so it is handed each committed batch's messages instead.
 */
export type NotificationTransport = {
  /** Delivers payloads to `onPayload`; calls `onListening` on the first listen and every re-listen. */
  listen(onPayload: (payload: string) => void, onListening: () => void): Promise<{ stop: () => Promise<void> }>;
  /** Sends messages whose rows have committed; absent for Postgres, whose NOTIFY rides the transaction. */
  publishCommitted?: (messages: BusMessage[]) => Promise<void>;
};

/** LISTEN on one connection of its own; postgres.js re-issues it after a dropped connection. */
export function postgresNotifications(url: string): NotificationTransport {
  return {
    async listen(onPayload, onListening) {
      const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "assembly-lime-events" } });
      const meta = await sql.listen(EVENTS_CHANNEL, onPayload, onListening);
      return {
        async stop() {
          await meta.unlisten().catch(() => undefined);
          await sql.end({ timeout: 2 });
        },
      };
    },
  };
}

/**
 * One LISTEN connection per process, fanning notifications out to in-memory
 * subscribers by topic. postgres.js re-issues LISTEN after a dropped connection;
 * on every (re)listen all subscribers are woken so they replay what they missed.
 */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly resyncListeners = new Set<() => void>();
  private listener: { stop: () => Promise<void> } | undefined;
  private listening = false;
  private readonly transport: NotificationTransport;

  /** A database URL (Postgres LISTEN) or another transport. */
  constructor(source: string | NotificationTransport) {
    this.transport = typeof source === "string" ? postgresNotifications(source) : source;
  }

  async start() {
    this.listener = await this.transport.listen(
      (payload) => this.dispatch(payload),
      () => {
        // First listen and every reconnect: subscribers re-read after their cursor.
        if (this.listening) for (const resync of this.resyncListeners) resync();
        this.listening = true;
      },
    );
  }

  async stop() {
    await this.listener?.stop();
    this.listener = undefined;
    this.listening = false;
  }

  /** Set when notifications are sent after commit rather than inside the writer's transaction. */
  get publishCommitted() {
    return this.transport.publishCommitted;
  }

  get isListening() {
    return this.listening;
  }

  /** Calls `listener` for each message on `topic`, and on reconnects; returns unsubscribe. */
  subscribe(topic: string, listener: Listener, onResync?: () => void) {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    if (onResync) this.resyncListeners.add(onResync);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
      if (onResync) this.resyncListeners.delete(onResync);
    };
  }

  private dispatch(payload: string) {
    let message: BusMessage;
    try {
      message = JSON.parse(payload) as BusMessage;
    } catch {
      return;
    }
    const set = this.listeners.get(message.topic);
    if (!set) return;
    for (const listener of [...set]) listener(message);
  }
}

/**
 * Queues a notification inside the caller's transaction: Postgres delivers it on
 * commit and drops it on rollback, so no subscriber hears of a change that did
 * not happen.
 */
export async function publish(executor: Executor, message: BusMessage) {
  const payload = JSON.stringify(message);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
    throw new Error(`Event payload for ${message.topic} is over ${MAX_PAYLOAD_BYTES} bytes; send ids, not bodies.`);
  }
  await executor.execute(drizzleSql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
}

const registry = globalThis as typeof globalThis & { __assemblyLimeBus?: EventBus };

/** The process's bus, or undefined when none is started (a worker-only process without subscribers). */
export function findEventBus(): EventBus | undefined {
  return registry.__assemblyLimeBus;
}

export function setEventBus(bus: EventBus | undefined) {
  registry.__assemblyLimeBus = bus;
}

export function getEventBus(): EventBus {
  const bus = registry.__assemblyLimeBus;
  if (!bus) throw new Error("The event bus is not started in this process.");
  return bus;
}
