import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { killServerProcesses, makeDataDir, startServerProcess } from "../test/helpers/server-process";
import { waitFor } from "../test/helpers/wait";

/**
 * Runs the real server process (`server/main.ts`) with the embedded Postgres in a
 * temporary data dir: the way `npm start` runs it. Needs `npm run build` first.
 */
const dataDir = makeDataDir("al-lifecycle-");

afterAll(() => {
  killServerProcesses();
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number.parseInt(readFileSync(pidFile, "utf8"), 10);
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function startServer() {
  return startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
}

function databaseUrl() {
  const { password } = JSON.parse(readFileSync(path.join(dataDir, "postgres.credentials.json"), "utf8")) as { password: string };
  const pid = readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n");
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pid[3]}/assembly_lime`;
}

describe("the server process", () => {
  it("starts an embedded Postgres, serves health checks, stops cleanly on SIGTERM and keeps data across restarts", async () => {
    const first = await startServer();
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${first.url}/readyz`)).json()).toMatchObject({
      status: "ready",
      database: true,
      migrations: true,
      jobs: true,
    });
    const home = await fetch(`${first.url}/`, { redirect: "manual" });
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toMatch(/^\/login/);
    expect(home.headers.get("x-request-id")).toBeTruthy();
    expect(home.headers.get("content-security-policy")).toContain("script-src");

    const sql = postgres(databaseUrl(), { max: 1 });
    await sql`insert into tenants (name, slug) values ('Kept', 'kept')`;
    await sql.end();

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("stopped");
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    const second = await startServer();
    const again = postgres(databaseUrl(), { max: 1 });
    expect(await again`select slug from tenants where slug = 'kept'`).toEqual([{ slug: "kept" }]);
    await again.end();
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });

  it("recovers after being killed with SIGKILL, which leaves Postgres running", async () => {
    const first = await startServer();
    first.child.kill("SIGKILL");
    await first.exited;
    const second = await startServer();
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("a SIGTERM while it starts (initdb running) waits for start-up, then stops it and its Postgres, exit 0", async () => {
    const freshDir = makeDataDir("al-lifecycle-early-");
    try {
      const { child, exited, output } = await startServerProcess(
        { DATA_DIR: freshDir, LOG_LEVEL: "info" },
        { untilReady: false },
      );
      // initdb has begun when the cluster's folder appears; it and the migrations take a second or more.
      await waitFor(async () => existsSync(path.join(freshDir, "postgres")), "initdb to begin", {
        timeoutMs: 30_000,
        intervalMs: 5,
      });
      child.kill("SIGTERM");
      expect(await exited, output()).toBe(0);
      expect(output()).toContain("embedded Postgres started");
      expect(output()).toContain('"msg":"stopped"');
      expect(output()).not.toContain("is ready");
      expect(existsSync(path.join(freshDir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      rmSync(freshDir, { recursive: true, force: true });
    }
  });
});
