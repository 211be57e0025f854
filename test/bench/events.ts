import os from "node:os";
import postgres from "postgres";
import { createClient } from "redis";
import { buildRun, buildTenant } from "../../db/seed";
import { getEventBus, setEventBus } from "../../server/events/bus";
import { RunEventWriter } from "../../server/services/agent-runs/run-event-writer";
import { sessionCookieFor } from "../helpers/trpc-client";
import { now, paced, startClients, startRedis, summarize, workers } from "./events-paths";
import { report, startBenchServer } from "./harness";
import { startRedisEventBus } from "./redis-event-bus";
import { processCpuMs } from "./thread-cpu";

/**
 * bench:events — live-event latency and server CPU in three shapes, each over
 * the app's whole path and over two bare transports, receivers in a worker thread:
 * - `fanout`: 1 run, 100 subscribers, 1,000 ev/s;
 * - `breadth`: 100 runs, 1 subscriber each, 1,000 ev/s in all;
 * - `live`: 100 runs × 10 ev/s, 2 subscribers each.
 * Paths:
 * 1. the app: each run's `RunEventWriter` (rows + pg_notify, group-committed)
 *    → the one LISTEN connection's EventBus → tRPC SSE subscriptions (real HTTP:
 *    one `agentRuns.events` request per subscriber, read by a minimal SSE parser
 *    that resumes with Last-Event-ID, see sse-subscriber.ts). Writers take the next due event as soon as the previous
 *    commit is done, and whatever is still due at the end is never sent — an
 *    app that cannot keep up shows as `achieved_pct` below 100, not as a queue;
 * 2. the same whole path with Redis pub/sub as the transport (rows committed,
 *    then PUBLISH; one SUBSCRIBE connection feeding the same bus and feeds);
 * 3. raw NOTIFY: `select pg_notify(...)` → one LISTEN connection fanned out in
 *    process (the bus design, without the table, tRPC and HTTP);
 * 4. Redis pub/sub: PUBLISH → one SUBSCRIBE connection fanned out the same way.
 * Latency is per (event, subscriber): receive time − the send time carried in
 * the event. Every subscriber must get every seq once, in order (`lost`).
 * `server_cpu_ms_per_event` is the process's CPU (every thread: server, its
 * writer, GC) minus the receivers' threads, over the paced phase and its drain,
 * per event sent; Postgres's own CPU is not in it. `client_cpu_us_per_delivery`
 * and `clients_cpu_pct` are the receivers' own thread CPU, per delivery and as a
 * share of one core: the check that the bench's clients are not the bottleneck. Prints `name=value` lines
 * `events_<shape>_<figure>`. BENCH_EVENTS_SECONDS sets each phase's length,
 * BENCH_EVENTS_SHAPES picks shapes (comma-separated), BENCH_EVENTS_CLIENT_THREADS
 * spreads the app paths' subscribers over that many receiver threads (default 1).
 */
const DURATION_S = Number(process.env.BENCH_EVENTS_SECONDS ?? 10);
/** Worker threads the app-mode subscribers are spread over (the baselines' receivers stay in one). */
const CLIENT_THREADS = Number(process.env.BENCH_EVENTS_CLIENT_THREADS ?? 1);
const SHAPES = [
  { name: "fanout", runs: 1, subscribersPerRun: 100, ratePerS: 1000 },
  { name: "breadth", runs: 100, subscribersPerRun: 1, ratePerS: 1000 },
  { name: "live", runs: 100, subscribersPerRun: 2, ratePerS: 1000 },
].filter((shape) => !process.env.BENCH_EVENTS_SHAPES || process.env.BENCH_EVENTS_SHAPES.split(",").includes(shape.name));
type Shape = (typeof SHAPES)[number];
/** Publishes in flight for the baselines: pipelined on one connection, never the limit at 1,000/s. */
const PUBLISHES_IN_FLIGHT = 1000;
const CHANNEL = "al_bench_events";

type Server = Awaited<ReturnType<typeof startBenchServer>>;

/** The whole path: writers → rows → the process's bus → SSE subscribers. Returns the p99 (ms). */
async function measureAppPath(server: Server, shape: Shape, prefix: string) {
  const subscribers = shape.runs * shape.subscribersPerRun;
  const { tenant, admin } = await buildTenant({ name: "Bench" });
  const runIds: number[] = [];
  for (let i = 0; i < shape.runs; i++) runIds.push((await buildRun({ tenantId: tenant.id, createdBy: admin.id })).id);
  const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
  const writers = runIds.map((runId) => new RunEventWriter({ tenantId: tenant.id, runId }));
  await Promise.all(writers.map((writer) => writer.write("bench", { sentAt: now(), warmup: true })));
  const clients = await startClients({ mode: "app", subscribers, url: server.url, cookie, runIds }, CLIENT_THREADS);
  const lastSeqs = new Array<number>(shape.runs).fill(1);
  const cpuBefore = processCpuMs();
  const run = await paced({
    rate: shape.ratePerS,
    seconds: DURATION_S,
    maxInFlight: 10_000,
    send: async (index) => {
      const stream = index % shape.runs;
      const seq = await writers[stream]!.write("bench", { sentAt: now(), index });
      lastSeqs[stream] = Math.max(lastSeqs[stream]!, seq);
    },
  });
  const result = await clients.finish(lastSeqs);
  const serverCpuMs = processCpuMs() - cpuBefore - result.cpuMs;
  report(`${prefix}_achieved_pct`, (run.done / run.total) * 100);
  // A failed append is an event no subscriber of its run gets: count it as lost for each.
  const stats = summarize(prefix, result, {
    subscribers,
    perStream: lastSeqs.map((seq) => seq - 1),
    failedSends: run.failed * shape.subscribersPerRun,
  });
  report(`${prefix}_server_cpu_ms_per_event`, Number((serverCpuMs / Math.max(1, run.done)).toFixed(3)));
  return stats.p99;
}

/** The baselines' publisher side: the shape's rate round-robin over its runs (topics), each with its own seq. */
async function publishBaseline(shape: Shape, publish: (payload: string) => Promise<unknown>) {
  const seqs = new Array<number>(shape.runs).fill(0);
  const run = await paced({
    rate: shape.ratePerS,
    seconds: DURATION_S,
    maxInFlight: PUBLISHES_IN_FLIGHT,
    send: (index) => {
      const topic = index % shape.runs;
      return publish(JSON.stringify({ topic, seq: ++seqs[topic]!, sentAt: now() }));
    },
  });
  if (run.failed) throw new Error(`${run.failed} publishes failed`);
  return seqs;
}

async function measureNotify(server: Server, shape: Shape, prefix: string) {
  const subscribers = shape.runs * shape.subscribersPerRun;
  const clients = await startClients({ mode: "notify", subscribers, streams: shape.runs, databaseUrl: server.databaseUrl, channel: CHANNEL });
  const publisher = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  await publisher`select 1`; // connected first: postgres.js can reorder queries queued while it connects
  const seqs = await publishBaseline(shape, (payload) => publisher`select pg_notify(${CHANNEL}, ${payload})`.execute());
  await publisher.end({ timeout: 2 });
  summarize(prefix, await clients.finish(seqs), { subscribers, perStream: seqs });
}

async function measureRedis(redisUrl: string, shape: Shape, prefix: string) {
  const subscribers = shape.runs * shape.subscribersPerRun;
  const clients = await startClients({ mode: "redis", subscribers, streams: shape.runs, redisUrl, channel: CHANNEL });
  const publisher = createClient({ url: redisUrl });
  await publisher.connect();
  const seqs = await publishBaseline(shape, (payload) => publisher.publish(CHANNEL, payload));
  publisher.destroy();
  summarize(prefix, await clients.finish(seqs), { subscribers, perStream: seqs });
}

report("cores", os.availableParallelism());
report("load_1m", os.loadavg()[0]!);
const server = await startBenchServer();
const redis = await startRedis();
if (!redis) console.log("redis=unavailable (the Redis figures are skipped)");
try {
  for (const shape of SHAPES) {
    const prefix = `events_${shape.name}`;
    report(`${prefix}_runs`, shape.runs);
    report(`${prefix}_subscribers`, shape.runs * shape.subscribersPerRun);
    report(`${prefix}_offered_per_s`, shape.ratePerS);
    const appP99 = await measureAppPath(server, shape, prefix);
    await measureNotify(server, shape, `${prefix}_notify`);
    if (!redis) continue;
    const postgresBus = getEventBus();
    const redisBus = await startRedisEventBus(redis.url);
    setEventBus(redisBus.bus);
    let redisPathP99: number;
    try {
      redisPathP99 = await measureAppPath(server, shape, `${prefix}_redis_path`);
    } finally {
      setEventBus(postgresBus);
      await redisBus.stop();
    }
    report(`${prefix}_p99_vs_redis_path`, appP99 / redisPathP99);
    await measureRedis(redis.url, shape, `${prefix}_redis`);
  }
} finally {
  await Promise.all([...workers].map((worker) => worker.terminate()));
  await redis?.stop();
  await server.stop();
}
