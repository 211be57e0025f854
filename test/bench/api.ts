import { fork } from "node:child_process";
import os from "node:os";
import { buildTenant } from "../../db/seed";
import { createApiKey } from "../../server/services/api-keys/create-api-key";
import { createProject } from "../../server/services/projects/create-project";
import { createTicket } from "../../server/services/tickets/create-ticket";
import { db } from "../../db/client";
import { agentRuns } from "../../db/schema";
import { percentile, report, startBenchServer } from "./harness";

/**
 * bench:api — reads under load: 5 projects, 200 tickets and 100 finished runs,
 * then `API_RPS` (200) requests a second for `API_SECONDS` (60) of
 * projects.list / projects.board / tickets.get / agentRuns.list through the
 * typed client, from a load generator in another process (so its CPU is not
 * the server's). The server's RSS is read before the load (after seeding and a
 * warm-up) and at its end. Prints `name=value` lines.
 * Needs `npm run build` first (the server serves the real Remix build).
 */
const RPS = Number(process.env.API_RPS ?? 200);
const SECONDS = Number(process.env.API_SECONDS ?? 60);
const PROJECTS = 5;
const TICKETS = 200;
const RUNS = 100;

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const server = await startBenchServer();
try {
  const { tenant, admin } = await buildTenant({ name: "Api bench" });
  const projectKeys: string[] = [];
  const projectIds: number[] = [];
  const ticketIds: number[] = [];
  for (let p = 0; p < PROJECTS; p++) {
    const key = `API${p}`;
    const { project } = await createProject({ tenantId: tenant.id, userId: admin.id, name: `Api ${p}`, key });
    projectKeys.push(key);
    projectIds.push(project.id);
    for (let t = 0; t < TICKETS / PROJECTS; t++) {
      const ticket = await createTicket({
        tenantId: tenant.id,
        userId: admin.id,
        projectId: project.id,
        title: `Ticket ${t} of project ${p} with a realistic title`,
        descriptionMd: "Some **markdown** describing the work in a sentence or two.",
        columnKey: ["backlog", "todo", "in_progress", "review", "done"][t % 5],
      });
      ticketIds.push(ticket.id);
    }
  }
  // Finished runs, written as rows (no worker runs them): the list reads what a busy workspace holds.
  await db.insert(agentRuns).values(
    Array.from({ length: RUNS }, (_, index) => ({
      tenantId: tenant.id,
      userId: admin.id,
      projectId: projectIds[index % PROJECTS]!,
      ticketId: ticketIds[index]!,
      provider: "claude" as const,
      model: "claude-sonnet-4-5",
      mode: "implement" as const,
      status: "completed" as const,
      prompt: `Do task ${index}`,
      summary: "Did it.",
      inputTokens: 12_000,
      outputTokens: 900,
      costMicroUsd: 50_000,
    })),
  );
  const { key: apiKey } = await createApiKey({
    tenantId: tenant.id,
    userId: admin.id,
    name: "bench",
    scopes: ["workspace:read", "costs:read"],
  });

  const load = (rps: number, seconds: number) =>
    new Promise<{ latencies: number[]; errors: number; firstError?: string; wallMs: number }>((resolve, reject) => {
      const child = fork(
        new URL("./api-clients.ts", import.meta.url).pathname,
        [JSON.stringify({ url: server.url, apiKey, rps, seconds, projectKeys, ticketIds, projectIds })],
        { execArgv: ["--import", "tsx"] },
      );
      child.once("message", (message) => resolve(message as never));
      child.once("error", reject);
      child.once("exit", (code) => code && reject(new Error(`the load generator exited with ${code}`)));
    });

  await load(50, 3); // warm-up: JIT, pools, caches
  global.gc?.();
  const rssBefore = rssMb();
  const result = await load(RPS, SECONDS);
  const rssAfter = rssMb();
  const latencies = result.latencies.sort((a, b) => a - b);
  report("cores", os.availableParallelism());
  report("api_offered_rps", RPS);
  report("api_achieved_rps", (latencies.length / result.wallMs) * 1000);
  report("api_p50_ms", percentile(latencies, 50));
  report("api_p99_ms", percentile(latencies, 99));
  report("api_errors", result.errors);
  report("api_rss_before_mb", rssBefore);
  report("api_rss_after_mb", rssAfter);
  report("api_rss_growth_ratio", rssAfter / rssBefore);
  if (result.firstError) console.error(`bench:api: first error: ${result.firstError}`);
} finally {
  await server.stop();
}
