import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { connectDatabase, setConnection } from "../../db/client";
import { startEmbeddedPostgres } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";
import { getEnv } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createApp } from "../../server/http/create-app";
import { requestIdOf } from "../../server/http/request-id";
import { createLogger } from "../../server/logger";

/** A real server for benchmarks: embedded Postgres in a temp dir (or DATABASE_URL), migrations, bus, Express + Remix build. */
export async function startBenchServer() {
  const external = process.env.DATABASE_URL;
  const tempDir = mkdtempSync(path.join(os.tmpdir(), "al-bench-"));
  chmodSync(tempDir, 0o755);
  const embedded = external
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.join(tempDir, "postgres"), database: "bench" });
  const url = external ?? embedded!.url;
  await runMigrations(url);
  const connection = connectDatabase(url); // the server's own pool size
  setConnection(connection);
  const bus = new EventBus(url);
  await bus.start();
  setEventBus(bus);

  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const remixHandler = createRequestHandler({
    build,
    mode: "production",
    getLoadContext: (req, res) => ({ requestId: requestIdOf(req), cspNonce: res.locals.cspNonce as string }),
  });
  const app = createApp({
    env: getEnv(),
    logger: createLogger("silent"),
    readiness: { database: true, migrations: true, jobs: true, events: true },
    remixHandler,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    databaseUrl: url,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await bus.stop();
      await connection.sql.end();
      await embedded?.stop();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function report(name: string, value: number) {
  console.log(`${name}=${Number.isInteger(value) ? value : value.toFixed(1)}`);
}

/**
 * CPU time (ms) so far of this process's live descendants (embedded Postgres and its backends, git),
 * read from /proc; 0 where there is no /proc. With `process.cpuUsage()` it splits a bench's CPU
 * between Node and the rest, which a machine loaded by others does not blur as it blurs wall time.
 */
export function descendantsCpuMs() {
  if (!existsSync("/proc/self/stat")) return 0;
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name: state ppid … utime(14) stime(15) cutime(16) cstime(17).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
      procs.set(Number(entry), { ppid: Number(fields[1]), ticks });
    } catch {
      // The process ended while we looked.
    }
  }
  let ticks = 0;
  for (const [pid, proc] of procs) {
    if (pid === process.pid) continue;
    for (let parent = proc.ppid; parent > 1; parent = procs.get(parent)?.ppid ?? 0) {
      if (parent === process.pid) {
        ticks += proc.ticks;
        break;
      }
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}
