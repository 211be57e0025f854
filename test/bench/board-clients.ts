import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { createHttpClient } from "../helpers/trpc-client";

/**
 * The bench's 50 board users, in their own thread (as browsers are their own
 * machines), so their client-side work does not queue behind the server's.
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
const clients = Array.from({ length: input.clients }, () => createHttpClient(input.url, input.cookie));
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
