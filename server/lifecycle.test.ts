import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/helpers/wait";

/**
 * Runs the real server process (`server/main.ts`) with the embedded Postgres in a
 * temporary data dir: the way `npm start` runs it. Needs `npm run build` first.
 */
const root = path.resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "al-lifecycle-"));
// mkdtemp makes a 0700 folder, which the `postgres` user could not enter when we run as root.
chmodSync(dataDir, 0o755);
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
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

async function startServer() {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "production",
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 60_000) throw new Error(`server not ready after 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, url, exited, output: () => output };
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
});
