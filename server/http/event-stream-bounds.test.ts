import net from "node:net";
import { rmSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { boards } from "../../db/schema";
import { buildProject, buildTenant } from "../../db/seed";
import { connectInspector, rssMiB } from "../../test/helpers/inspector";
import { parsePrometheusText, sampleSum } from "../../test/helpers/prometheus-text";
import { killServerProcesses, makeDataDir, startServerProcess } from "../../test/helpers/server-process";
import { sessionCookieFor } from "../../test/helpers/trpc-client";
import { waitFor } from "../../test/helpers/wait";
import { testDatabase } from "../../test/setup-database";
import { clearEnvCache } from "../env.server";
import { EVENTS_CHANNEL } from "../events/bus";
import { boardTopic } from "../services/projects/lock-board";

/**
 * A client that subscribes to a board's event stream and then reads nothing must not make the
 * server hold its stream for ever: the real server process (as `npm start` runs it) closes that
 * stream once it stays blocked past EVENT_STREAM_STALL_TIMEOUT_MS, its memory stays flat while
 * ~16 MB of events go out, a subscriber that reads keeps receiving every event, and the stalled
 * client, resuming with Last-Event-ID, gets the rest.
 */
const dataDir = makeDataDir("al-sse-");
const SESSION_SECRET = "event-stream-bounds-secret-0123456789abcdef";
const EVENTS = 30_000;
// Padding, so the events weigh what a run transcript's do (~0.5 kB each, ~16 MB in all): more than the kernel's socket buffers hold.
const KIND = `ticket.updated:${"x".repeat(500)}`;
const STALL_MS = 1_000;
let cookie: string;
let projectId: number;
let boardId: number;
let tenantId: number;

beforeAll(async () => {
  process.env.SESSION_SECRET = SESSION_SECRET;
  clearEnvCache();
  const { tenant, admin } = await buildTenant({ name: "Slow readers" });
  const { project } = await buildProject({ tenantId: tenant.id, userId: admin.id });
  const [board] = await db.select({ id: boards.id }).from(boards).where(eq(boards.projectId, project.id));
  tenantId = tenant.id;
  projectId = project.id;
  boardId = board!.id;
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
});

afterAll(() => {
  killServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

const streamPath = () =>
  `/api/trpc/projects.boardEvents?input=${encodeURIComponent(JSON.stringify({ json: { projectId } }))}`;

/** Appends `count` board events as the board's writers do (rows, then one notification per batch on commit). */
async function appendBoardEvents(count: number) {
  for (let done = 0; done < count; done += 2_000) {
    await db.execute(sql`
      with event as (
        insert into board_events (tenant_id, board_id, kind)
        select ${tenantId}, ${boardId}, ${KIND} from generate_series(1, ${Math.min(2_000, count - done)})
        returning id
      )
      select pg_notify(${EVENTS_CHANNEL}, json_build_object('topic', ${boardTopic(boardId)}::text, 'boardEventId', max(id))::text)
      from event`);
  }
  const [last] = await db.execute<{ id: string }>(sql`select max(id)::text as id from board_events where board_id = ${boardId}`);
  return Number(last!.id);
}

/** Reads an event stream until an event with id `until` (or the end): the ids seen, and the stream still open. */
async function readStream(url: string, until: number, lastEventId?: number) {
  const response = await fetch(`${url}${streamPath()}`, {
    headers: { cookie, accept: "text/event-stream", ...(lastEventId ? { "last-event-id": String(lastEventId) } : {}) },
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const ids: number[] = [];
  let rest = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    const lines = rest.split("\n");
    rest = lines.pop()!;
    for (const line of lines) if (/^id: \d+$/.test(line)) ids.push(Number(line.slice(4)));
    if (ids.at(-1) === until) break;
  }
  return { ids, close: () => reader.cancel() };
}

async function subscribers(url: string) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return sampleSum(parsePrometheusText(text).samples, "assembly_lime_event_subscribers");
}

describe("an event stream whose client reads nothing", () => {
  it("is closed once it stays blocked, while memory stays flat and a reading subscriber gets every event", { timeout: 180_000 }, async () => {
    const server = await startServerProcess(
      {
        DATA_DIR: dataDir,
        DATABASE_URL: testDatabase.url,
        SESSION_SECRET,
        LOG_LEVEL: "warn",
        EVENT_STREAM_STALL_TIMEOUT_MS: String(STALL_MS),
      },
      { nodeArgs: ["--inspect=127.0.0.1:0"] },
    );
    const inspector = await connectInspector(server.output);
    const host = new URL(server.url);

    // The stalled client: a raw socket that sends its request and never reads a byte.
    const stalled = net.connect(Number(host.port), host.hostname);
    stalled.pause();
    let closedByServer = false;
    stalled.on("end", () => (closedByServer = true));
    await new Promise<void>((resolve) => stalled.once("connect", resolve));
    stalled.write(
      `GET ${streamPath()} HTTP/1.1\r\nHost: ${host.host}\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`,
    );
    await waitFor(async () => (await subscribers(server.url)) === 1, "the stalled client to subscribe");

    await inspector.collectGarbage();
    const before = rssMiB(server.child.pid!);
    // The reading subscriber joins, then the events are written while both are connected.
    const expectedLast = (await db.execute<{ id: string }>(sql`select nextval('board_events_id_seq')::text as id`))[0]!;
    const firstId = Number(expectedLast.id) + 1;
    const reading = readStream(server.url, firstId + EVENTS - 1);
    await waitFor(async () => (await subscribers(server.url)) === 2, "the reading client to subscribe");
    const lastId = await appendBoardEvents(EVENTS);
    expect(lastId).toBe(firstId + EVENTS - 1);

    // The reading subscriber gets every event and stays subscribed; the stalled stream is closed (its subscription ends).
    const { ids, close } = await reading;
    const received = ids.filter((id) => id >= firstId);
    await waitFor(async () => (await subscribers(server.url)) === 1, "the stalled stream to be closed", { timeoutMs: 30_000 });
    await close();
    expect(received.length).toBe(EVENTS);
    expect(received[0]).toBe(firstId);
    expect(received.at(-1)).toBe(lastId);
    await inspector.collectGarbage();
    const after = rssMiB(server.child.pid!);
    console.info(
      `sse_events=${EVENTS} sse_rss_before_mb=${before.toFixed(0)} sse_rss_after_mb=${after.toFixed(0)} sse_rss_growth_mb=${(after - before).toFixed(0)}`,
    );
    expect(after - before).toBeLessThan(64);
    expect(server.output()).toContain("closed a stalled event stream");

    // The stalled client reads what it had been sent, sees the server's end of stream, and resumes
    // with the last id it holds: it gets everything after, nothing is lost.
    let text = "";
    stalled.setEncoding("utf8");
    stalled.on("data", (chunk: string) => (text += chunk));
    stalled.resume();
    await waitFor(async () => closedByServer, "the stalled socket to end");
    const heldIds = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    const held = heldIds.filter((id) => id >= firstId);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(EVENTS);
    const { ids: resumed, close: closeResumed } = await readStream(server.url, lastId, held.at(-1));
    await closeResumed();
    expect(resumed[0]).toBe(held.at(-1)! + 1);
    expect(resumed.at(-1)).toBe(lastId);
    console.info(`sse_stalled_received_before_close=${held.length} sse_resumed=${resumed.length}`);
    stalled.destroy();
    inspector.close();
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
