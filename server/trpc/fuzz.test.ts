import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { agentRuns } from "../../db/schema";
import { buildProject, buildRun, buildTenant } from "../../db/seed";
import { malformedInputs, type FuzzCase } from "../../test/fuzz/malformed-inputs";
import { startAgentRuntime } from "../../test/helpers/agent-runtime";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { hashToken } from "../auth/tokens";
import { appRouter } from "../routers/app-router";

/**
 * Every procedure of the app router, found by walking it (a new one is fuzzed
 * without anyone writing a case), gets malformed inputs over real HTTP as the
 * owner of a seeded workspace, with a pod's run token beside the session. Any
 * 5xx fails the test with the procedure, case, status and message.
 */
type Procedure = { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } };
type Outcome = { path: string; name: string; status: number; message: string };

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let headers: Record<string, string>;

beforeAll(async () => {
  // The sweep would fail the pod's run (no heartbeats) and so close its token mid-fuzz.
  runtime = await startAgentRuntime({ RUN_STALE_AFTER_SECONDS: "3600" });
  const { tenant, admin } = await buildTenant({ name: "Fuzzed" });
  await buildProject({ tenantId: tenant.id, userId: admin.id });
  const run = await buildRun({ tenantId: tenant.id, createdBy: admin.id });
  const runToken = `alrun_${randomBytes(24).toString("base64url")}`;
  await db
    .update(agentRuns)
    .set({ status: "running", executor: "kubernetes", runTokenHash: hashToken(runToken) })
    .where(eq(agentRuns.id, run.id));
  headers = { cookie: await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }), authorization: `Bearer ${runToken}` };
});

afterAll(async () => {
  await runtime?.stop();
});

async function send(path: string, type: Procedure["_def"]["type"], fuzz: FuzzCase): Promise<Outcome> {
  const url = `${runtime.url}/api/trpc/${path}`;
  const signal = AbortSignal.timeout(type === "subscription" ? 1_500 : 20_000);
  const query = fuzz.body === undefined ? "" : `?input=${encodeURIComponent(fuzz.body)}`;
  try {
    const response =
      type === "mutation"
        ? await fetch(url, {
            method: "POST",
            signal,
            headers: { ...headers, "content-type": "application/json" },
            body: fuzz.body,
          })
        : await fetch(url + query, {
            signal,
            headers: type === "subscription" ? { ...headers, accept: "text/event-stream" } : headers,
          });
    let text = "";
    try {
      text = await response.text();
    } catch {
      // A subscription that stays open is cut by the timeout; what arrived so far is enough.
    }
    // A subscription's error arrives inside its 200 stream.
    const status = type === "subscription" && text.includes("INTERNAL_SERVER_ERROR") ? 500 : response.status;
    return { path, name: fuzz.name, status, message: text.slice(0, 200) };
  } catch (error) {
    const aborted = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { path, name: fuzz.name, status: aborted && type === "subscription" ? 200 : 0, message: String(error) };
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        results.push(await work(item));
      }
    }),
  );
  return results;
}

describe("every procedure under malformed input", () => {
  it("answers 4xx, never 5xx", { timeout: 180_000 }, async () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);
    expect(procedures.length).toBeGreaterThan(100);
    // Whatever revokes access (members, keys) goes last, so it cannot turn the rest into 401s.
    const last = /^(members|apiKeys|connectors\.revoke)/;
    procedures.sort(([a], [b]) => Number(last.test(a)) - Number(last.test(b)));
    const jobs = procedures.flatMap(([path, procedure]) =>
      malformedInputs(procedure._def.inputs[0]).map((fuzz) => ({ path, type: procedure._def.type, fuzz })),
    );
    const outcomes = await inPool(jobs, 8, ({ path, type, fuzz }) => send(path, type, fuzz));

    const counts: Record<string, number> = {};
    for (const outcome of outcomes) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
    console.info(`fuzzed ${procedures.length} procedures with ${outcomes.length} cases; answers by status:`, counts);
    const failures = outcomes
      .filter((outcome) => outcome.status >= 500 || outcome.status === 0)
      .map((outcome) => `${outcome.path} [${outcome.name}] → ${outcome.status}: ${outcome.message}`);
    expect(failures).toEqual([]);
  });
});
