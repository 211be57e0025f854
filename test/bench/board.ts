import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { buildTenant } from "../../db/seed";
import { createProject } from "../../server/services/projects/create-project";
import { createTicket } from "../../server/services/tickets/create-ticket";
import { sessionCookieFor } from "../helpers/trpc-client";
import { percentile, report, startBenchServer } from "./harness";

/**
 * bench:board — server time to render a 1,000-ticket board (SSR), and move
 * latency with 50 concurrent clients over real HTTP (in a worker thread of their
 * own). Prints `name=value` lines.
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

  // Node 20 workers do not take `--import`: register tsx inside the worker, then load the clients.
  const clientsModule = new URL("./board-clients.ts", import.meta.url).href;
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(clientsModule)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { url: server.url, cookie, ids, columnOf: [...columnOf], columns, clients: CLIENTS, moves: MOVES_PER_CLIENT },
  });
  const result = await new Promise<{ paced: number[]; pacedConflicts: number; saturated: number[]; saturatedWallMs: number }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    },
  );
  await worker.terminate();
  const paced = result.paced.sort((a, b) => a - b);
  report("move_clients", CLIENTS);
  report("move_count", paced.length);
  report("move_p50_ms", percentile(paced, 50));
  report("move_p99_ms", percentile(paced, 99));
  report("move_conflicts", result.pacedConflicts);
  const saturated = result.saturated.sort((a, b) => a - b);
  report("move_saturated_throughput_per_s", (saturated.length / result.saturatedWallMs) * 1000);
  report("move_saturated_p50_ms", percentile(saturated, 50));
  report("move_saturated_p99_ms", percentile(saturated, 99));
} finally {
  await server.stop();
}
