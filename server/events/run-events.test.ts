import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Connection } from "../../db/client";
import { buildRun, buildTenant } from "../../db/seed";
import { createHttpClient, sessionCookieFor, startTestServer } from "../../test/helpers/http";
import { testDatabase } from "../../test/setup-database";
import { appendRunEvent } from "../services/agent-runs/append-run-event";
import { RunEventWriter } from "../services/agent-runs/run-event-writer";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let publisher: Connection;

beforeAll(async () => {
  server = await startTestServer();
  // Events come from another connection, as they would from a worker process.
  publisher = connectDatabase(testDatabase.url, { max: 2 });
});

afterAll(async () => {
  await server.close();
  await publisher.sql.end();
});

async function publishEvents(options: { tenantId: number; runId: number; from: number; to: number }) {
  for (let n = options.from; n <= options.to; n++) {
    await appendRunEvent(publisher.db, { tenantId: options.tenantId, runId: options.runId, type: "log", payload: { n } });
  }
}

/** Collects a subscription's seqs until `until` of them have arrived or it errors. */
function collect(client: ReturnType<typeof createHttpClient>, input: { runId: number; lastEventId?: string }, until: number) {
  const seqs: number[] = [];
  return new Promise<number[]>((resolve, reject) => {
    const subscription = client.agentRuns.events.subscribe(input, {
      onData: (batch) => {
        // Events arrive in batches tracked by their last seq.
        seqs.push(...batch.data.map((event) => event.seq));
        expect(batch.id).toBe(String(batch.data[batch.data.length - 1]!.seq));
        if (seqs.length >= until) {
          subscription.unsubscribe();
          resolve(seqs);
        }
      },
      onError: (error) => {
        subscription.unsubscribe();
        reject(error);
      },
    });
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("run event stream", () => {
  it("delivers 2,000 events published from another connection, in order", async () => {
    const { tenant, admin } = await buildTenant();
    const run = await buildRun({ tenantId: tenant.id });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const received = collect(client, { runId: run.id }, 2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await publishEvents({ tenantId: tenant.id, runId: run.id, from: 1, to: 2000 });
    expect(await received).toEqual(range(1, 2000));
  });

  it("resumes after a reconnect with its last event id, receiving exactly the rest", async () => {
    const { tenant, admin } = await buildTenant();
    const run = await buildRun({ tenantId: tenant.id });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));

    const firstPart = collect(client, { runId: run.id }, 700);
    const publishing = publishEvents({ tenantId: tenant.id, runId: run.id, from: 1, to: 2000 });
    // At least 700: the batch that crosses 700 arrives whole.
    const first = await firstPart;
    // Disconnected; events keep coming. Reconnect with the last id we hold.
    const rest = await collect(client, { runId: run.id, lastEventId: String(first.at(-1)) }, 2000 - first.length);
    await publishing;
    expect(first).toEqual(range(1, first.length));
    expect(rest).toEqual(range(first.length + 1, 2000));
  });

  it("replays what was missed while the LISTEN connection was down", async () => {
    const { tenant, admin } = await buildTenant();
    const run = await buildRun({ tenantId: tenant.id });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const received = collect(client, { runId: run.id }, 60);
    await publishEvents({ tenantId: tenant.id, runId: run.id, from: 1, to: 20 });
    await publisher.sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'assembly-lime-events' and datname = current_database()`;
    await publishEvents({ tenantId: tenant.id, runId: run.id, from: 21, to: 60 });
    expect(await received).toEqual(range(1, 60));
  });

  it("delivers many runs' group-committed events once each, in order, across a dropped LISTEN connection and a resume", async () => {
    const { tenant, admin } = await buildTenant();
    const runs = await Promise.all(range(1, 10).map(() => buildRun({ tenantId: tenant.id })));
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const writers = runs.map((run) => new RunEventWriter({ tenantId: tenant.id, runId: run.id }));
    const writeRound = (from: number, to: number) =>
      Promise.all(range(from, to).flatMap((n) => writers.map((writer) => writer.write("log", { n }))));
    const firsts = runs.map((run) => collect(client, { runId: run.id }, 30));
    await writeRound(1, 15);
    await publisher.sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'assembly-lime-events' and datname = current_database()`;
    await writeRound(16, 30);
    for (const first of await Promise.all(firsts)) expect(first).toEqual(range(1, 30));
    // A client that left after seq 30 resumes with exactly the rest.
    const rests = runs.map((run) => collect(client, { runId: run.id, lastEventId: "30" }, 10));
    await writeRound(31, 40);
    for (const rest of await Promise.all(rests)) expect(rest).toEqual(range(31, 40));
  });

  it("answers NOT_FOUND for another tenant's run and sends none of its events", async () => {
    const mine = await buildTenant();
    const theirs = await buildTenant();
    const theirRun = await buildRun({ tenantId: theirs.tenant.id });
    await appendRunEvent(publisher.db, {
      tenantId: theirs.tenant.id,
      runId: theirRun.id,
      type: "log",
      payload: { secret: true },
    });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: mine.admin.id, tenantId: mine.tenant.id }));
    await expect(collect(client, { runId: theirRun.id }, 1)).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });
});
