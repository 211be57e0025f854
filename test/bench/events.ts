import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import postgres from "postgres";
import { createClient } from "redis";
import { buildRun, buildTenant } from "../../db/seed";
import { RunEventWriter } from "../../server/services/agent-runs/run-event-writer";
import { sessionCookieFor } from "../helpers/trpc-client";
import { freePort } from "../helpers/wait";
import type { ClientsCommand, ClientsInput, ClientsMessage } from "./events-clients";
import { percentile, report, startBenchServer } from "./harness";

/**
 * bench:events — live-event latency for 100 subscribers with events offered at
 * 1,000/s for 10 s, over three transports, receivers in a worker thread:
 * 1. the app: `appendRunEvent` (row + pg_notify in one transaction) → the one
 *    LISTEN connection's EventBus → 100 tRPC SSE subscriptions (real HTTP,
 *    EventSource) all on ONE run; each re-reads the table after each nudge.
 *    The run's events are written one at a time, as `run-agent.ts` does: the
 *    writer takes the next due event as soon as the previous append commits,
 *    and whatever is still due at 10 s is never sent — so an app that cannot
 *    keep up shows as `event_rate_per_s` below 1,000, not as a growing queue;
 * 2. raw NOTIFY: `select pg_notify(...)` → one LISTEN connection, parsed once
 *    and fanned out to 100 in-process listeners (the app's bus design, without
 *    the table, tRPC and HTTP);
 * 3. Redis pub/sub: PUBLISH → one SUBSCRIBE connection fanned out the same way.
 * Latency is per (event, subscriber): receive time − the send time (taken as
 * appendRunEvent / publish is called) carried in the event. Every subscriber
 * must get every seq once, in order (`*_lost`). Prints `name=value` lines.
 * BENCH_EVENTS_{RATE,SECONDS,SUBSCRIBERS} vary the load; BENCH_EVENTS_RUNS
 * spreads subscribers and events round-robin over that many runs (topics in the
 * baselines); BENCH_EVENTS_IN_FLIGHT allows more concurrent appends.
 */
const RATE_PER_S = Number(process.env.BENCH_EVENTS_RATE ?? 1000);
const DURATION_S = Number(process.env.BENCH_EVENTS_SECONDS ?? 10);
const SUBSCRIBERS = Number(process.env.BENCH_EVENTS_SUBSCRIBERS ?? 100);
const RUNS = Number(process.env.BENCH_EVENTS_RUNS ?? 1);
/** Appends in flight at once: by default one per run, as an agent run's events are written. */
const APPENDS_IN_FLIGHT = Number(process.env.BENCH_EVENTS_IN_FLIGHT ?? 10_000);
/** Publishes in flight for the baselines: pipelined on one connection, never the limit at 1,000/s. */
const PUBLISHES_IN_FLIGHT = 1000;
const CHANNEL = "al_bench_events";

const now = () => performance.timeOrigin + performance.now();

/**
 * Calls `send(i)` on a fixed schedule — the i-th at start + i/rate, checked by a
 * 1 ms timer and whenever a send completes — with at most `maxInFlight`
 * unfinished; stops at `seconds` even if behind schedule (an overloaded
 * receiver of sends shows as a lower achieved rate, not as an unbounded queue).
 */
async function paced(options: { rate: number; seconds: number; maxInFlight: number; send: (index: number) => Promise<unknown> }) {
  const total = Math.round(options.rate * options.seconds);
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  let sent = 0;
  let inFlight = 0;
  let failed = 0;
  let lastDone = start;
  await new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (inFlight === 0 && (sent === total || performance.now() >= deadline)) {
        clearTimeout(timer);
        resolve();
      }
    };
    const pump = () => {
      const current = performance.now();
      const due = current >= deadline ? sent : Math.min(total, Math.floor(((current - start) * options.rate) / 1000) + 1);
      while (sent < due && inFlight < options.maxInFlight) {
        inFlight++;
        options.send(sent++).then(
          () => {
            inFlight--;
            lastDone = performance.now();
            pump();
          },
          () => {
            inFlight--;
            failed++;
            pump();
          },
        );
      }
      finish();
    };
    const tick = () => {
      pump();
      if (sent < total && performance.now() < deadline) timer = setTimeout(tick, 1);
    };
    tick();
  });
  return { start, sent, failed, done: sent - failed, lastDone };
}

type Result = Extract<ClientsMessage, { type: "result" }>;
/** Workers still running, terminated on the way out if the bench fails midway. */
const workers = new Set<Worker>();

/** Starts the receivers in a worker (tsx registered inside it) and resolves once they are subscribed. */
async function startClients(input: ClientsInput) {
  // Node 20 workers do not take `--import`: register tsx inside the worker, then load the clients.
  const clientsModule = new URL("./events-clients.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(clientsModule)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  workers.add(worker);
  let failed: ((error: unknown) => void) | undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined); // surfaced by the next `next()`
  worker.once("error", (error) => failed?.(error));
  worker.once("exit", (code) => failed?.(new Error(`the ${input.mode} clients exited early (${code})`)));
  const next = () => Promise.race([new Promise<ClientsMessage>((resolve) => worker.once("message", resolve)), failure]);
  const ready = await next();
  if (ready.type !== "ready") throw new Error(`unexpected message from the ${input.mode} clients`);
  return {
    /** Tells the clients each stream's last seq, and waits for their figures. */
    async finish(lastSeqs: number[]) {
      worker.postMessage({ type: "done", lastSeqs } satisfies ClientsCommand);
      const result = (await next()) as Result;
      failed = undefined;
      workers.delete(worker);
      await worker.terminate();
      return result;
    },
  };
}

/** A throwaway redis-server (no persistence) on a free loopback port, or undefined if it cannot be had. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  const binary = "/usr/bin/redis-server";
  if (!existsSync(binary) && process.getuid?.() === 0) {
    spawnSync("apt-get", ["install", "-y", "redis-server"], {
      stdio: "ignore",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  }
  if (!existsSync(binary)) return undefined;
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<boolean>((resolve) => {
    let output = "";
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.stderr!.resume();
    child.once("error", () => resolve(false));
    child.once("exit", () => resolve(false));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  if (!ready) {
    await stop();
    return undefined;
  }
  child.stdout!.resume();
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/**
 * Prints the latency percentiles and the delivery check under `prefix`. `perStream`
 * is how many events each stream carried after `ready`; subscriber i follows
 * stream i % RUNS. Returns the percentiles.
 */
function summarize(prefix: string, result: Result, perStream: number[], failedSends = 0) {
  const expected = Array.from({ length: SUBSCRIBERS }, (_, i) => perStream[i % RUNS]!).reduce((sum, n) => sum + n, 0);
  const sorted = Array.from(result.latencies.sort());
  const lost = Math.max(result.lost, expected - sorted.length) + result.duplicates + failedSends;
  const stats = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  report(`${prefix}_p50_ms`, stats.p50);
  report(`${prefix}_p99_ms`, stats.p99);
  report(`${prefix}_lost`, lost);
  if (lost || result.errors) {
    console.error(
      `${prefix}: ${sorted.length}/${expected} delivered, gaps=${result.lost} duplicates=${result.duplicates} ` +
        `late=${result.incomplete} subscribers, failed sends=${failedSends}, reconnects/errors=${result.errors}`,
    );
  }
  report(`${prefix}_clients_loop_busy_pct`, Math.round(result.loopUtilization * 100));
  return stats;
}

/** The baselines' publisher side: `RATE_PER_S` messages round-robin over `RUNS` topics, each with its own seq. */
async function publishBaseline(publish: (payload: string) => Promise<unknown>) {
  const seqs = new Array<number>(RUNS).fill(0);
  const run = await paced({
    rate: RATE_PER_S,
    seconds: DURATION_S,
    maxInFlight: PUBLISHES_IN_FLIGHT,
    send: (index) => {
      const topic = index % RUNS;
      return publish(JSON.stringify({ topic, seq: ++seqs[topic]!, sentAt: now() }));
    },
  });
  if (run.failed) throw new Error(`${run.failed} publishes failed`);
  return { lastSeqs: seqs, sent: run.sent };
}

const server = await startBenchServer();
try {
  // 1. The app path.
  const { tenant, admin } = await buildTenant({ name: "Bench" });
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await buildRun({ tenantId: tenant.id, createdBy: admin.id }));
  const runIds = runs.map((run) => run.id);
  const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
  // The agent runner's writer: events emitted while a commit is in flight share the next one.
  const writers = new Map(runIds.map((runId) => [runId, new RunEventWriter({ tenantId: tenant.id, runId })]));
  const append = async (runId: number, payload: Record<string, unknown>) => ({
    seq: await writers.get(runId)!.write("bench", payload),
  });
  for (const runId of runIds) await append(runId, { sentAt: now(), warmup: true });
  const appClients = await startClients({ mode: "app", subscribers: SUBSCRIBERS, url: server.url, cookie, runIds });
  const lastSeqs = new Array<number>(RUNS).fill(1);
  const serverLoop = performance.eventLoopUtilization();
  const appRun = await paced({
    rate: RATE_PER_S,
    seconds: DURATION_S,
    maxInFlight: APPENDS_IN_FLIGHT,
    send: async (index) => {
      const stream = index % RUNS;
      const event = await append(runIds[stream]!, { sentAt: now(), index });
      lastSeqs[stream] = Math.max(lastSeqs[stream]!, event.seq);
    },
  });
  const serverBusy = performance.eventLoopUtilization(serverLoop).utilization;
  const app = await appClients.finish(lastSeqs);
  report("event_rate_per_s", (appRun.done / (appRun.lastDone - appRun.start)) * 1000);
  report("event_subscribers", SUBSCRIBERS);
  report("event_runs", RUNS);
  // A failed append is an event no subscriber of its run gets: count it as lost for each.
  const appStats = summarize(
    "event",
    app,
    lastSeqs.map((seq) => seq - 1),
    Math.round((appRun.failed * SUBSCRIBERS) / RUNS),
  );
  report("event_server_loop_busy_pct", Math.round(serverBusy * 100));

  // 2. Raw NOTIFY, on the server's own database URL (the embedded server's password is per data dir).
  const notifyClients = await startClients({
    mode: "notify",
    subscribers: SUBSCRIBERS,
    streams: RUNS,
    databaseUrl: server.databaseUrl,
    channel: CHANNEL,
  });
  const publisher = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  await publisher`select 1`; // connected first: postgres.js can reorder queries queued while it connects
  const notifyRun = await publishBaseline((payload) => publisher`select pg_notify(${CHANNEL}, ${payload})`.execute());
  await publisher.end({ timeout: 2 });
  const notify = summarize("notify", await notifyClients.finish(notifyRun.lastSeqs), notifyRun.lastSeqs);
  report("event_p99_vs_notify", appStats.p99 / notify.p99);

  // 3. Redis pub/sub, the same design: one subscriber connection fanned out in process.
  const redis = await startRedis();
  if (!redis) {
    console.log("redis=unavailable");
  } else {
    try {
      const redisClients = await startClients({
        mode: "redis",
        subscribers: SUBSCRIBERS,
        streams: RUNS,
        redisUrl: redis.url,
        channel: CHANNEL,
      });
      const redisPublisher = createClient({ url: redis.url });
      await redisPublisher.connect();
      const redisRun = await publishBaseline((payload) => redisPublisher.publish(CHANNEL, payload));
      redisPublisher.destroy();
      const stats = summarize("redis", await redisClients.finish(redisRun.lastSeqs), redisRun.lastSeqs);
      report("event_p50_vs_redis", appStats.p50 / stats.p50);
      report("event_p99_vs_redis", appStats.p99 / stats.p99);
    } finally {
      await redis.stop();
    }
  }
} finally {
  await Promise.all([...workers].map((worker) => worker.terminate()));
  await server.stop();
}
