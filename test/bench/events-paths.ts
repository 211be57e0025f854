import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { freePort } from "../helpers/wait";
import type { ClientsCommand, ClientsInput, ClientsMessage } from "./events-clients";
import { percentile, report } from "./harness";

export const now = () => performance.timeOrigin + performance.now();

/**
 * Calls `send(i)` on a fixed schedule — the i-th at start + i/rate, checked by a
 * 1 ms timer and whenever a send completes — with at most `maxInFlight`
 * unfinished; stops at `seconds` even if behind schedule (an overloaded
 * receiver of sends shows as a lower achieved rate, not as an unbounded queue).
 */
export async function paced(options: { rate: number; seconds: number; maxInFlight: number; send: (index: number) => Promise<unknown> }) {
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
  return { total, start, sent, failed, done: sent - failed, lastDone };
}

export type ClientsResult = Extract<ClientsMessage, { type: "result" }>;
/** Workers still running, terminated on the way out if the bench fails midway. */
export const workers = new Set<Worker>();

/**
 * Starts the receivers in `threads` workers (tsx registered inside each), subscriber i in
 * worker i % threads, and resolves once all are subscribed; `finish` merges their figures
 * (latencies and counts summed, CPU summed, loop utilisation the busiest worker's).
 */
export async function startClients(input: ClientsInput, threads = 1) {
  const started = await Promise.all(
    Array.from({ length: threads }, (_, index) => startWorker({ ...input, slice: { index, of: threads } })),
  );
  return {
    /** Tells the clients each stream's last seq, and waits for their figures. */
    async finish(lastSeqs: number[]): Promise<ClientsResult> {
      const results = await Promise.all(started.map((worker) => worker.finish(lastSeqs)));
      if (results.length === 1) return results[0]!;
      const latencies = new Float64Array(results.reduce((sum, result) => sum + result.latencies.length, 0));
      let offset = 0;
      for (const result of results) {
        latencies.set(result.latencies, offset);
        offset += result.latencies.length;
      }
      const sum = (figure: "lost" | "duplicates" | "errors" | "incomplete" | "cpuMs") =>
        results.reduce((total, result) => total + result[figure], 0);
      return {
        type: "result",
        latencies,
        lost: sum("lost"),
        duplicates: sum("duplicates"),
        errors: sum("errors"),
        incomplete: sum("incomplete"),
        cpuMs: sum("cpuMs"),
        // CPU over one worker's wall time: clients_cpu_pct is then a share of one core, summed over the workers.
        wallMs: Math.max(...results.map((result) => result.wallMs)),
        loopUtilization: Math.max(...results.map((result) => result.loopUtilization)),
      };
    },
  };
}

async function startWorker(input: ClientsInput) {
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
    async finish(lastSeqs: number[]) {
      worker.postMessage({ type: "done", lastSeqs } satisfies ClientsCommand);
      const result = (await next()) as ClientsResult;
      failed = undefined;
      workers.delete(worker);
      await worker.terminate();
      return result;
    },
  };
}

/** A throwaway redis-server (no persistence) on a free loopback port, or undefined if it cannot be had. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> } | undefined> {
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
 * Prints the latency percentiles and the delivery check under `prefix`.
 * `perStream` is how many events each stream carried after `ready`; subscriber
 * i follows stream i % streams. Returns the percentiles.
 */
export function summarize(prefix: string, result: ClientsResult, options: { subscribers: number; perStream: number[]; failedSends?: number }) {
  const streams = options.perStream.length;
  const expected = Array.from({ length: options.subscribers }, (_, i) => options.perStream[i % streams]!).reduce((sum, n) => sum + n, 0);
  const sorted = Array.from(result.latencies.sort());
  const lost = Math.max(result.lost, expected - sorted.length) + result.duplicates + (options.failedSends ?? 0);
  const stats = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  report(`${prefix}_p50_ms`, stats.p50);
  report(`${prefix}_p99_ms`, stats.p99);
  report(`${prefix}_lost`, lost);
  if (lost || result.errors) {
    console.error(
      `${prefix}: ${sorted.length}/${expected} delivered, gaps=${result.lost} duplicates=${result.duplicates} ` +
        `late=${result.incomplete} subscribers, failed sends=${options.failedSends ?? 0}, reconnects/errors=${result.errors}`,
    );
  }
  report(`${prefix}_clients_loop_busy_pct`, Math.round(result.loopUtilization * 100));
  // The receivers' own thread CPU: what a delivery costs the bench's clients, and how much of a core they took.
  report(`${prefix}_client_cpu_us_per_delivery`, Number(((result.cpuMs * 1000) / Math.max(1, sorted.length)).toFixed(2)));
  report(`${prefix}_clients_cpu_pct`, Math.round((result.cpuMs / Math.max(1, result.wallMs)) * 100));
  return stats;
}
