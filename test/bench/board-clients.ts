import http from "node:http";
import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../server/routers/app-router";

/**
 * The bench's 50 board users, in their own thread (as browsers are their own
 * machines), so their client-side work does not queue behind the server's.
 *
 * Each is the real typed tRPC client (superjson, tRPC's wire format) on its own
 * keep-alive connection. Its transport is plain `node:http` rather than Node's
 * `fetch`: on this two-core machine the load generator shares the CPU with the
 * server and Postgres, and fetch's stream machinery cost the clients more CPU
 * per move than the server's own work, inflating the very latency measured.
 */
type Input = {
  url: string;
  cookie: string;
  ids: number[];
  columnOf: [number, string][];
  columns: string[];
  clients: number;
  moves: number;
};
const input = workerData as Input;
const columnOf = new Map(input.columnOf);
/** The part of `fetch` tRPC's links use (`res.json()`), over one keep-alive connection. */
function connectionFetch(): typeof fetch {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lean = (url: string | URL | Request, init?: RequestInit) =>
    new Promise((resolve, reject) => {
      const body = typeof init?.body === "string" ? init.body : undefined;
      const headers: Record<string, string> = { ...(init?.headers as Record<string, string>), cookie: input.cookie };
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const request = http.request(String(url), { method: init?.method ?? "GET", headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = response.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, json: async () => JSON.parse(text) as unknown });
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  return lean as unknown as typeof fetch;
}

const clients = Array.from({ length: input.clients }, () =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${input.url}/api/trpc`, transformer: superjson, fetch: connectionFetch() })],
  }),
);
await Promise.all(clients.map((client) => client.me.get.query()));

/** One drag: a random ticket to a random column, after a random ticket there. */
async function moveOnce(client: (typeof clients)[number]) {
  const ticketId = input.ids[Math.floor(Math.random() * input.ids.length)]!;
  const toColumnKey = input.columns[Math.floor(Math.random() * input.columns.length)]!;
  const inTarget = input.ids.filter((id) => id !== ticketId && columnOf.get(id) === toColumnKey);
  const afterTicketId = inTarget.length ? inTarget[Math.floor(Math.random() * inTarget.length)]! : null;
  const started = performance.now();
  try {
    const card = await client.tickets.move.mutate({ ticketId, toColumnKey, afterTicketId });
    columnOf.set(card.id, card.columnKey);
    return { ms: performance.now() - started, conflict: false };
  } catch {
    // The anchor was moved by another client meanwhile: the server answers CONFLICT.
    return { ms: performance.now() - started, conflict: true };
  }
}

// Each person drags a ticket every 250–750 ms (~100 moves/s across 50 people).
const paced: number[] = [];
let pacedConflicts = 0;
await Promise.all(
  clients.map(async (client) => {
    for (let m = 0; m < input.moves; m++) {
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
      const result = await moveOnce(client);
      paced.push(result.ms);
      if (result.conflict) pacedConflicts++;
    }
  }),
);

// Saturation: the same clients moving back to back, to find the ceiling.
const saturated: number[] = [];
const started = performance.now();
await Promise.all(
  clients.map(async (client) => {
    for (let m = 0; m < input.moves; m++) saturated.push((await moveOnce(client)).ms);
  }),
);
parentPort!.postMessage({ paced, pacedConflicts, saturated, saturatedWallMs: performance.now() - started });
