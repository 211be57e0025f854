import { performance } from "node:perf_hooks";
import { buildTenant } from "../../db/seed";
import { createProject } from "../../server/services/projects/create-project";
import { createTicket } from "../../server/services/tickets/create-ticket";
import { createHttpClient, sessionCookieFor } from "../helpers/trpc-client";
import { percentile, report, startBenchServer } from "./harness";

/**
 * bench:board — server time to render a 1,000-ticket board (SSR), and move
 * latency with 50 concurrent clients over real HTTP. Prints `name=value` lines.
 * Needs `npm run build` first (the SSR path is the real Remix build).
 */
const TICKETS = 1000;
const SSR_RUNS = 60;
const CLIENTS = 50;
const MOVES_PER_CLIENT = 20;

const server = await startBenchServer();
try {
  const { tenant, admin } = await buildTenant({ name: "Bench" });
  const { project } = await createProject({ tenantId: tenant.id, userId: admin.id, name: "Bench", key: "BENCH" });
  const columns = ["backlog", "todo", "in_progress", "review", "done"];
  const ids: number[] = [];
  const columnOf = new Map<number, string>();
  for (let i = 0; i < TICKETS; i++) {
    const card = await createTicket({
      tenantId: tenant.id,
      userId: admin.id,
      projectId: project.id,
      title: `Ticket number ${i} with a realistic title length`,
      columnKey: columns[i % columns.length],
      labels: i % 3 === 0 ? ["frontend"] : [],
      priority: (["urgent", "high", "medium", "low"] as const)[i % 4],
    });
    ids.push(card.id);
    columnOf.set(card.id, card.columnKey);
  }
  const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });

  // SSR: the full document for /projects/BENCH, measured to the last byte on loopback.
  const ssr: number[] = [];
  for (let i = 0; i < SSR_RUNS + 5; i++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/projects/BENCH`, { headers: { cookie } });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !body.includes("BENCH-1000")) throw new Error(`board SSR failed: ${response.status}`);
    if (i >= 5) ssr.push(elapsed);
  }
  ssr.sort((a, b) => a - b);
  report("board_ssr_1000_median_ms", percentile(ssr, 50));
  report("board_ssr_1000_p95_ms", percentile(ssr, 95));

  const clients = Array.from({ length: CLIENTS }, () => createHttpClient(server.url, cookie));
  await Promise.all(clients.map((client) => client.me.get.query()));

  /** One drag: a random ticket to a random column, after a random ticket there (as a person would drop it). */
  const moveOnce = async (client: (typeof clients)[number]) => {
    const ticketId = ids[Math.floor(Math.random() * ids.length)]!;
    const toColumnKey = columns[Math.floor(Math.random() * columns.length)]!;
    const inTarget = ids.filter((id) => id !== ticketId && columnOf.get(id) === toColumnKey);
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
  };

  // 50 people on one board, each dragging a ticket every 250–750 ms (~100 moves/s in all).
  const paced: number[] = [];
  let pacedConflicts = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let m = 0; m < MOVES_PER_CLIENT; m++) {
        await new Promise((resolve) => setTimeout(resolve, 250 + Math.random() * 500));
        const result = await moveOnce(client);
        paced.push(result.ms);
        if (result.conflict) pacedConflicts++;
      }
    }),
  );
  paced.sort((a, b) => a - b);
  report("move_clients", CLIENTS);
  report("move_count", paced.length);
  report("move_p50_ms", percentile(paced, 50));
  report("move_p99_ms", percentile(paced, 99));
  report("move_conflicts", pacedConflicts);

  // Saturation: the same 50 clients moving back to back, to find the ceiling.
  const saturated: number[] = [];
  const wallStarted = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let m = 0; m < MOVES_PER_CLIENT; m++) saturated.push((await moveOnce(client)).ms);
    }),
  );
  const wall = performance.now() - wallStarted;
  saturated.sort((a, b) => a - b);
  report("move_saturated_throughput_per_s", (saturated.length / wall) * 1000);
  report("move_saturated_p50_ms", percentile(saturated, 50));
  report("move_saturated_p99_ms", percentile(saturated, 99));
} finally {
  await server.stop();
}
