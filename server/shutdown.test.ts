import { request } from "node:http";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildTenant } from "../db/seed";
import { killServerProcesses, makeDataDir, startServerProcess } from "../test/helpers/server-process";
import { sessionCookieFor } from "../test/helpers/trpc-client";
import { testDatabase } from "../test/setup-database";
import { clearEnvCache } from "./env.server";
import { getProject } from "./services/projects/get-project";

/**
 * Graceful shutdown of the real server process (`server/main.ts`) against this
 * file's database: SIGTERM mid-stream and mid-request. Needs `npm run build` first.
 */
const dataDir = makeDataDir("al-shutdown-");
const SESSION_SECRET = "shutdown-test-secret-0123456789abcdef";
const GRACE_SECONDS = 8;
let tenantId: number;
let projectId: number;
let cookie: string;

beforeAll(async () => {
  process.env.SESSION_SECRET = SESSION_SECRET;
  clearEnvCache();
  const { tenant, admin } = await buildTenant({ name: "Shutdown" });
  tenantId = tenant.id;
  projectId = (await buildProject({ tenantId, userId: admin.id })).project.id;
  cookie = await sessionCookieFor({ userId: admin.id, tenantId });
});

afterAll(() => {
  killServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A board event stream as the browser's EventSource opens it, once its first event has arrived. */
async function openBoardStream(url: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { projectId } }));
  const response = await fetch(`${url}/api/trpc/projects.boardEvents?input=${input}`, {
    headers: { accept: "text/event-stream", cookie },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const reader = response.body!.getReader();
  expect((await reader.read()).done).toBe(false);
  return reader;
}

/** Whether the stream ends (done, or cut) within `ms`. */
async function endsWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
  const timedOut = new Promise<"timed out">((resolve) => setTimeout(() => resolve("timed out"), ms));
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), timedOut]);
      if (chunk === "timed out") return false;
      if (chunk.done) return true;
    }
  } catch {
    return true;
  }
}

/** A rename whose body arrives in two parts: in flight from the first part until `finish` sends the rest. */
function startSlowRename(url: string, name: string) {
  const body = JSON.stringify({ json: { projectId, name } });
  const { hostname, port } = new URL(url);
  const req = request({
    hostname,
    port,
    method: "POST",
    path: "/api/trpc/projects.update",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.once("response", (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
    });
    req.once("error", reject);
  });
  req.write(body.slice(0, 10));
  return { answered, finish: () => req.end(body.slice(10)) };
}

describe("shutdown on SIGTERM", () => {
  it("ends event streams at once, answers 503 on /readyz, finishes the request in flight and exits 0 within the grace period", async () => {
    const server = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: testDatabase.url,
      SESSION_SECRET,
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
      LOG_LEVEL: "warn",
    });
    const stream = await openBoardStream(server.url);
    const rename = startSlowRename(server.url, "Renamed while stopping");
    // Meanwhile the server reads the request's headers, so it is in flight when the signal comes.
    expect(await endsWithin(stream, 300)).toBe(false);

    const signalledAt = Date.now();
    server.child.kill("SIGTERM");

    // The stream ends (cut, so the browser reconnects elsewhere) long before the grace period is over.
    expect(await endsWithin(stream, 3_000)).toBe(true);

    // Still listening while the request is in flight, but no longer ready.
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ jobs: false });

    rename.finish();
    expect(await rename.answered).toBe(200);
    expect((await getProject({ tenantId, projectId })).project.name).toBe("Renamed while stopping");

    expect(await server.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(GRACE_SECONDS * 1000);
    expect(server.output()).not.toContain("shutdown took longer");
  }, 120_000);

  it("a worker serves only its health checks, so it is probed like web pods, and stops cleanly", async () => {
    const worker = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: testDatabase.url,
      SESSION_SECRET,
      ROLE: "worker",
      LOG_LEVEL: "warn",
    });
    expect(await (await fetch(`${worker.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect((await fetch(`${worker.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${worker.url}/api/trpc/projects.list`)).status).toBe(404);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 120_000);
});
