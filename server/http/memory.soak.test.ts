import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildTenant } from "../../db/seed";
import { malformedInputs } from "../../test/fuzz/malformed-inputs";
import { connectInspector, rssMiB } from "../../test/helpers/inspector";
import { killServerProcesses, makeDataDir, startServerProcess } from "../../test/helpers/server-process";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { testDatabase } from "../../test/setup-database";
import { clearEnvCache } from "../env.server";
import { appRouter } from "../routers/app-router";
import { MAX_BATCH_CALLS } from "../trpc/batch-limit";

/**
 * Bounded memory under abuse: the real server process (as `npm start` runs
 * it, against this file's database) takes 10,000 malformed requests — the
 * fuzz's inputs for every query and mutation, and broken HTTP of every kind
 * (bad JSON, oversized and chunked bodies, huge headers, forged cookies and
 * tokens, oversized batches, cross-site posts) — and after a full GC its
 * resident memory is within 20% of where it stood after the same mix's
 * warm-up (so code loaded and pools filled once are not counted as growth).
 * Needs `npm run build` first; `npm run test:soak` runs it apart from the other tests.
 */
const dataDir = makeDataDir("al-soak-");
const SESSION_SECRET = "memory-soak-test-secret-0123456789abcdef";
const REQUESTS = 10_000;
const WARM_UP = 1_500;
let cookie: string;

type Request = { name: string; send: (url: string) => Promise<Response> };

beforeAll(async () => {
  process.env.SESSION_SECRET = SESSION_SECRET;
  clearEnvCache();
  const { tenant, admin } = await buildTenant({ name: "Soaked" });
  await buildProject({ tenantId: tenant.id, userId: admin.id });
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
});

afterAll(() => {
  killServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every malformed request of the mix, in a fixed order. */
function requestMix(): Request[] {
  type Procedure = { _def: { type: string; inputs: unknown[] } };
  // Whatever revokes the session's access would turn the rest into 401s.
  const revoking = /^(members|apiKeys|connectors\.revoke|pod\.)/;
  const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>).filter(
    ([path, procedure]) => procedure._def.type !== "subscription" && !revoking.test(path),
  );
  const headers = { cookie, "content-type": "application/json" };
  const fuzzed = procedures.flatMap(([path, procedure]) =>
    malformedInputs(procedure._def.inputs[0]).map(
      (fuzz): Request => ({
        name: `${path} [${fuzz.name}]`,
        send: (url) =>
          procedure._def.type === "mutation"
            ? fetch(`${url}/api/trpc/${path}`, { method: "POST", headers, body: fuzz.body })
            : fetch(`${url}/api/trpc/${path}${fuzz.body === undefined ? "" : `?input=${encodeURIComponent(fuzz.body)}`}`, {
                headers,
              }),
      }),
    ),
  );
  const big = "x".repeat(1_200_000);
  const broken: Request[] = [
    { name: "bad json", send: (url) => fetch(`${url}/api/trpc/tickets.create`, { method: "POST", headers, body: "{nope" }) },
    {
      name: "chunked oversized body",
      send: (url) =>
        fetch(`${url}/api/trpc/tickets.create`, {
          method: "POST",
          headers,
          body: new Blob([big]).stream(),
          duplex: "half",
        } as RequestInit),
    },
    { name: "oversized form post", send: (url) => fetch(`${url}/projects`, { method: "POST", headers: { cookie, origin: url }, body: big }) },
    { name: "huge header", send: (url) => fetch(`${url}/api/trpc/projects.list`, { headers: { cookie, "x-junk": "y".repeat(20_000) } }) },
    { name: "forged cookie", send: (url) => fetch(`${url}/api/trpc/projects.list`, { headers: { cookie: `${cookie}x` } }) },
    { name: "forged bearer", send: (url) => fetch(`${url}/api/trpc/projects.list`, { headers: { authorization: "Bearer al_nope" } }) },
    {
      name: "oversized batch",
      send: (url) =>
        fetch(`${url}/api/trpc/${Array(MAX_BATCH_CALLS + 1).fill("projects.list").join(",")}?batch=1`, { headers: { cookie } }),
    },
    { name: "cross-site post", send: (url) => fetch(`${url}/logout`, { method: "POST", headers: { cookie, origin: "https://evil.example" } }) },
    { name: "unknown path", send: (url) => fetch(`${url}/api/trpc/nope.nothing`, { headers: { cookie } }) },
  ];
  return [...fuzzed, ...broken];
}

/** Sends `count` requests of `mix`, round-robin, eight at a time; the answers by status. */
async function soak(url: string, mix: Request[], count: number) {
  const statuses: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const request = mix[next++ % mix.length]!;
        const status = await request.send(url).then(
          async (response) => {
            await response.arrayBuffer().catch(() => undefined);
            return response.status;
          },
          () => 0,
        );
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500 || status === 0) throw new Error(`${request.name} answered ${status}`);
      }
    }),
  );
  return statuses;
}

describe("the server under 10,000 malformed requests", () => {
  it("answers every one with a 4xx or a 2xx, and its memory after GC stays within 20% of where it started", { timeout: 600_000 }, async () => {
    const server = await startServerProcess(
      { DATA_DIR: dataDir, DATABASE_URL: testDatabase.url, SESSION_SECRET, LOG_LEVEL: "warn", RUN_STALE_AFTER_SECONDS: "3600" },
      { nodeArgs: ["--inspect=127.0.0.1:0"] },
    );
    const inspector = await connectInspector(server.output);
    const mix = requestMix();
    expect(mix.length).toBeGreaterThan(1_000);

    await soak(server.url, mix, WARM_UP);
    await inspector.collectGarbage();
    const before = rssMiB(server.child.pid!);
    const started = Date.now();
    const statuses = await soak(server.url, mix, REQUESTS);
    await inspector.collectGarbage();
    const after = rssMiB(server.child.pid!);
    console.info(
      `soak_requests=${REQUESTS} soak_seconds=${((Date.now() - started) / 1000).toFixed(1)} ` +
        `soak_rss_before_mb=${before.toFixed(0)} soak_rss_after_mb=${after.toFixed(0)} ` +
        `soak_rss_ratio=${(after / before).toFixed(2)} statuses=${JSON.stringify(statuses)}`,
    );
    // The batch bound holds: one call over it is refused before any runs.
    const oversized = await mix.find((request) => request.name === "oversized batch")!.send(server.url);
    expect(oversized.status).toBe(400);
    inspector.close();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(Object.values(statuses).reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
    expect(after / before).toBeLessThanOrEqual(1.2);
  });
});
