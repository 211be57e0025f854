import http from "node:http";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import postgres from "postgres";
import { createClient } from "redis";
import { scanBenchRows, SseSubscriber, subscriptionUrl } from "./sse-subscriber";
import { threadCpuMs } from "./thread-cpu";

/**
 * The receiving side of bench:events, in a thread of its own so that neither the
 * emitter's nor the server's event loop is the subscribers' (browsers are their
 * own machines). Subscriber i follows stream i % streams (a run, or a topic).
 * One mode per worker:
 * - `app`: per subscriber, one HTTP SSE request to the real tRPC subscription
 *   endpoint of a run (`agentRuns.events`), read by a minimal SSE parser
 *   (`SseSubscriber`) — not the tRPC client and its EventSource polyfill, whose
 *   per-message cost made the bench's clients, not the server, the bottleneck
 *   of the fanout shape (100 subscribers × 1,000 ev/s in one thread);
 * - `notify`: one postgres.js LISTEN connection, each message parsed once and
 *   routed by topic to in-process listeners (the app's EventBus design);
 * - `redis`: the same design over one Redis SUBSCRIBE connection.
 * Each listener stamps its own receive time; latency is that minus the send time
 * in the message (`performance.timeOrigin + performance.now()` on both sides of
 * one process, so the clocks agree).
 */
export type ClientsInput = (
  | { mode: "app"; subscribers: number; url: string; cookie: string; runIds: number[] }
  | {
      mode: "notify";
      subscribers: number;
      streams: number;
      databaseUrl: string;
      channel: string;
    }
  | { mode: "redis"; subscribers: number; streams: number; redisUrl: string; channel: string }
) & {
  /** This worker's share when the subscribers are spread over threads: subscriber i where i % of === index. */
  slice?: { index: number; of: number };
};

/** What baseline publishers send: the stream (topic) index, its seq there, and the send time. */
export type BaselineMessage = { topic: number; seq: number; sentAt: number };

/** Main → worker: the emitter has finished; wait for each stream's last seq on every subscriber. */
export type ClientsCommand = { type: "done"; lastSeqs: number[] };

export type ClientsMessage =
  | { type: "ready" }
  | {
      type: "result";
      /** One latency (ms) per (message, subscriber) delivered after `ready`. */
      latencies: Float64Array;
      /** Deliveries that never arrived: gaps in a subscriber's seqs, or missing at the end. */
      lost: number;
      /** Deliveries of a seq the subscriber already had (or older than one it had). */
      duplicates: number;
      /** SSE streams dropped and resumed (app mode), or client errors. */
      errors: number;
      /** Subscribers that had not reached their stream's last seq when the drain timed out. */
      incomplete: number;
      /** The worker's event-loop utilization between `ready` and the end of the drain. */
      loopUtilization: number;
      /** CPU ms this worker thread spent between `ready` and the end of the drain (not the server's). */
      cpuMs: number;
      /** Wall ms between `ready` and the end of the drain (what `cpuMs` is spent over). */
      wallMs: number;
    };

const input = workerData as ClientsInput;
const now = () => performance.timeOrigin + performance.now();
const DRAIN_TIMEOUT_MS = 15_000;

let latencies = new Float64Array(1 << 20);
let count = 0;
let errors = 0;
function record(latency: number) {
  if (count === latencies.length) {
    const grown = new Float64Array(latencies.length * 2);
    grown.set(latencies);
    latencies = grown;
  }
  latencies[count++] = latency;
}

/** One subscriber's view of its stream: every seq from 1, exactly once, in order. */
class Tracker {
  next = 1;
  lost = 0;
  duplicates = 0;
  constructor(readonly stream: number) {}
  receive(seq: number, sentAt: number, receivedAt: number) {
    if (seq < this.next) {
      this.duplicates++;
      return;
    }
    if (seq > this.next) this.lost += seq - this.next;
    this.next = seq + 1;
    record(receivedAt - sentAt);
  }
}

const streams = input.mode === "app" ? input.runIds.length : input.streams;
const slice = input.slice ?? { index: 0, of: 1 };
const trackers: Tracker[] = [];
for (let index = slice.index; index < input.subscribers; index += slice.of) trackers.push(new Tracker(index % streams));

/** The in-process fan-out of the baselines: parse once, route by topic, each listener stamps its own time. */
function fanOut() {
  const byTopic = Array.from({ length: streams }, () => [] as ((message: BaselineMessage) => void)[]);
  for (const tracker of trackers) {
    byTopic[tracker.stream]!.push((message) => tracker.receive(message.seq, message.sentAt, now()));
  }
  return (payload: string) => {
    const message = JSON.parse(payload) as BaselineMessage;
    for (const listener of byTopic[message.topic] ?? []) listener(message);
  };
}

let close: () => Promise<void>;

if (input.mode === "app") {
  const runIds = input.runIds;
  const { url, cookie } = input;
  // Each subscriber its own socket, as browsers are (no pooling, no keep-alive reuse).
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const started = new Set<number>();
  let allStarted: (() => void) | undefined;
  const everyoneStarted = new Promise<void>((resolve) => (allStarted = resolve));
  const subscribers = trackers.map(
    (tracker, index) =>
      new SseSubscriber({
        agent,
        url: subscriptionUrl(url, runIds[tracker.stream]!),
        cookie,
        onData: (data, receivedAt) => {
          scanBenchRows(data, (seq, sentAt) => tracker.receive(seq, sentAt, receivedAt));
          if (!started.has(index)) {
            started.add(index);
            if (started.size === trackers.length) allStarted?.();
          }
        },
        // A stream dropped (or refused) and resumed with Last-Event-ID.
        onError: () => errors++,
      }),
  );
  for (const subscriber of subscribers) subscriber.connect();
  // Each run holds a warm-up event (seq 1), replayed on connect. A subscription
  // joins the bus before its first read, so once every subscriber has seq 1,
  // every one of them will hear of what comes next.
  await everyoneStarted;
  close = async () => {
    for (const subscriber of subscribers) subscriber.close();
    agent.destroy();
  };
} else if (input.mode === "notify") {
  const sql = postgres(input.databaseUrl, { max: 1, onnotice: () => {} });
  const { unlisten } = await sql.listen(input.channel, fanOut());
  close = async () => {
    await unlisten();
    await sql.end({ timeout: 2 });
  };
} else {
  const subscriber = createClient({ url: input.redisUrl });
  subscriber.on("error", () => errors++);
  await subscriber.connect();
  await subscriber.subscribe(input.channel, fanOut());
  close = async () => {
    await subscriber.unsubscribe(input.channel);
    subscriber.destroy();
  };
}

// Only what is sent after `ready` counts (not the app mode's warm-up events).
count = 0;
errors = 0;
const loop = performance.eventLoopUtilization();
const cpuAtReady = threadCpuMs();
const wallAtReady = performance.now();
parentPort!.postMessage({ type: "ready" } satisfies ClientsMessage);

parentPort!.once("message", (command: ClientsCommand) => {
  void (async () => {
    const behind = () => trackers.some((tracker) => tracker.next <= command.lastSeqs[tracker.stream]!);
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (behind() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const loopUtilization = performance.eventLoopUtilization(loop).utilization;
    const cpuMs = threadCpuMs() - cpuAtReady;
    const wallMs = performance.now() - wallAtReady;
    await close();
    let lost = 0;
    let duplicates = 0;
    let incomplete = 0;
    for (const tracker of trackers) {
      const lastSeq = command.lastSeqs[tracker.stream]!;
      if (tracker.next <= lastSeq) {
        incomplete++;
        lost += lastSeq + 1 - tracker.next;
      }
      lost += tracker.lost;
      duplicates += tracker.duplicates;
    }
    const result = latencies.slice(0, count);
    parentPort!.postMessage(
      { type: "result", latencies: result, lost, duplicates, errors, incomplete, loopUtilization, cpuMs, wallMs } satisfies ClientsMessage,
      [result.buffer],
    );
  })();
});
