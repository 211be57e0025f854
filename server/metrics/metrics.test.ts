import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "../../db/client";
import { buildProject, buildTenant } from "../../db/seed";
import { startAgentRuntime } from "../../test/helpers/agent-runtime";
import { callerFor } from "../../test/helpers/caller";
import { createHttpClient, sessionCookieFor } from "../../test/helpers/http";
import { parsePrometheusText, sampleSum } from "../../test/helpers/prometheus-text";
import { freePort, runFinished } from "../../test/helpers/wait";
import { getEnv } from "../env.server";
import { createApp } from "../http/create-app";
import { createLogger } from "../logger";
import { startMetricsServer } from "./serve-metrics";

/**
 * /metrics over real HTTP against the real app, with pg-boss workers and a run
 * on the fake model: each family is exported, and what the app did shows up
 * under bounded labels.
 */
const METRICS_TOKEN = "metrics-token-for-tests";

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let tenantId: number;
let userId: number;
let caller: Awaited<ReturnType<typeof callerFor>>;

beforeAll(async () => {
  runtime = await startAgentRuntime({ METRICS_TOKEN });
  const { tenant, admin } = await buildTenant({ name: "Metrics" });
  tenantId = tenant.id;
  userId = admin.id;
  caller = await callerFor({ userId, tenantId });
});

afterAll(async () => {
  await runtime?.stop();
});

async function scrape(url = runtime.url) {
  const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return parsePrometheusText(await response.text());
}

const FAMILIES = {
  assembly_lime_http_requests_total: "counter",
  assembly_lime_http_request_duration_seconds: "histogram",
  assembly_lime_queue_jobs: "gauge",
  assembly_lime_agent_runs: "gauge",
  assembly_lime_agent_runs_finished_total: "counter",
  assembly_lime_agent_run_duration_seconds: "histogram",
  assembly_lime_agent_run_time_to_first_token_seconds: "histogram",
  assembly_lime_agent_tokens: "gauge",
  assembly_lime_agent_cost_usd: "gauge",
  assembly_lime_event_subscribers: "gauge",
  assembly_lime_event_delivery_lag_seconds: "histogram",
  assembly_lime_db_pool_connections: "gauge",
  assembly_lime_db_pool_waiting_connections: "gauge",
  assembly_lime_db_pool_max_connections: "gauge",
  assembly_lime_webhook_deliveries_total: "counter",
  assembly_lime_metrics_collect_errors_total: "counter",
  assembly_lime_process_resident_memory_bytes: "gauge",
  assembly_lime_nodejs_eventloop_lag_p99_seconds: "gauge",
};

describe("/metrics", () => {
  it("needs the bearer token when METRICS_TOKEN is set", async () => {
    expect((await fetch(`${runtime.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${runtime.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    expect(await wrong.text()).not.toContain("assembly_lime_");
  });

  it("answers Prometheus text with every family, the queues listed and the pool read", async () => {
    const { families, samples } = await scrape();
    for (const [name, type] of Object.entries(FAMILIES)) expect(families.get(name), name).toBe(type);
    const queues = new Set(samples.filter((s) => s.name === "assembly_lime_queue_jobs").map((s) => s.labels.queue));
    expect(queues).toContain("agent-run.dispatch");
    expect(
      samples
        .filter((s) => s.name === "assembly_lime_queue_jobs" && s.labels.queue === "agent-run.dispatch")
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(["active", "failed", "queued", "retry"]);
    // The workers and this test hold connections of the app's pool open.
    expect(sampleSum(samples, "assembly_lime_db_pool_connections")).toBeGreaterThan(0);
    expect(sampleSum(samples, "assembly_lime_db_pool_max_connections")).toBe(getConnection().sql.options.max);
  });

  it("counts tRPC calls under their procedure and status, and unknown paths as unmatched", async () => {
    const before = (await scrape()).samples;
    const route = { route: "trpc:agentRuns.list" };
    const cookie = await sessionCookieFor({ userId, tenantId });
    await createHttpClient(runtime.url, cookie).agentRuns.list.query({ limit: 5 });
    await expect(createHttpClient(runtime.url).agentRuns.list.query({ limit: 5 })).rejects.toThrow();
    const unknown = await fetch(`${runtime.url}/api/trpc/no.such.procedure/123`);
    expect(unknown.status).toBe(404);
    await unknown.text();

    const after = (await scrape()).samples;
    const delta = (labels: Record<string, string>) =>
      sampleSum(after, "assembly_lime_http_requests_total", labels) -
      sampleSum(before, "assembly_lime_http_requests_total", labels);
    expect(delta({ ...route, method: "GET", status: "200" })).toBe(1);
    expect(delta({ ...route, method: "GET", status: "401" })).toBe(1);
    expect(delta({ route: "unmatched", status: "404" })).toBe(1);
    expect(
      sampleSum(after, "assembly_lime_http_request_duration_seconds_count", { ...route, status: "200" }),
    ).toBeGreaterThanOrEqual(1);
    // No label carries a raw path.
    const routes = after.filter((s) => s.name === "assembly_lime_http_requests_total").map((s) => s.labels.route!);
    expect(routes.filter((value) => /\d/.test(value))).toEqual([]);
  });

  it("records a finished run: stored status, duration, first token, tokens and cost, and its live event stream", async () => {
    runtime.openai.scripts.add({
      name: "metrics-run",
      turns: [
        { text: "Looking around first.", toolCalls: [{ name: "list_files", input: { path: "." } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Nothing to change." } }] },
      ],
    });
    const { project } = await buildProject({ tenantId, userId, name: "Metered", key: "METR" });
    const run = await caller.agentRuns.create({
      provider: "codex",
      model: "gpt-5-mini",
      mode: "plan",
      prompt: "Look around [[script:metrics-run]]",
      projectId: project.id,
    });
    // Follow the transcript live while the run works.
    const cookie = await sessionCookieFor({ userId, tenantId });
    let subscribedScrape: Promise<ReturnType<typeof parsePrometheusText>> | undefined;
    await new Promise<void>((resolve, reject) => {
      const subscription = createHttpClient(runtime.url, cookie).agentRuns.events.subscribe(
        { runId: run.id },
        {
          onData: () => void (subscribedScrape ??= scrape()),
          onComplete: resolve,
          onError: reject,
        },
      );
      setTimeout(() => (subscription.unsubscribe(), reject(new Error("the stream did not end"))), 20_000).unref();
    });
    expect(await runFinished(tenantId, run.id)).toMatchObject({ status: "completed" });
    expect(sampleSum((await subscribedScrape!).samples, "assembly_lime_event_subscribers")).toBe(1);

    const { samples } = await scrape();
    const labels = { provider: "codex", executor: "local" };
    expect(sampleSum(samples, "assembly_lime_agent_runs", { ...labels, status: "completed" })).toBeGreaterThanOrEqual(1);
    expect(
      sampleSum(samples, "assembly_lime_agent_runs_finished_total", { ...labels, status: "completed", reason: "completed" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleSum(samples, "assembly_lime_agent_run_duration_seconds_count", { ...labels, status: "completed" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleSum(samples, "assembly_lime_agent_run_time_to_first_token_seconds_count", { provider: "codex" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleSum(samples, "assembly_lime_agent_tokens", { provider: "codex", model: "gpt-5-mini", kind: "input" }),
    ).toBeGreaterThan(0);
    expect(
      sampleSum(samples, "assembly_lime_agent_tokens", { provider: "codex", model: "gpt-5-mini", kind: "output" }),
    ).toBeGreaterThan(0);
    expect(sampleSum(samples, "assembly_lime_agent_cost_usd", { provider: "codex", model: "gpt-5-mini" })).toBeGreaterThan(0);
    expect(sampleSum(samples, "assembly_lime_event_delivery_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sampleSum(samples, "assembly_lime_event_subscribers")).toBe(0);
  });

  it("counts a webhook delivery with a bad signature as such", async () => {
    const token = runtime.github.issuePersonalToken("octocat", ["repo", "admin:repo_hook"]);
    const repo = await runtime.github.createRepo("octocat", "metered", { files: { "README.md": "# metered\n" } });
    const connector = await caller.connectors.create({ kind: "pat", token, name: "Metrics" });
    const [repository] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    const hook = await caller.repositories.setupWebhook({ repositoryId: repository!.id });
    const before = sampleSum((await scrape()).samples, "assembly_lime_webhook_deliveries_total", { outcome: "bad_signature" });

    const forged = await fetch(`${runtime.url}/webhooks/github/${hook.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "forged-1",
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      },
      body: "{}",
    });
    expect(forged.status).toBe(401);
    const { samples } = await scrape();
    expect(sampleSum(samples, "assembly_lime_webhook_deliveries_total", { outcome: "bad_signature" })).toBe(before + 1);
    expect(
      sampleSum(samples, "assembly_lime_http_requests_total", { route: "/webhooks/github/:webhookId", status: "401" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("on METRICS_PORT serves metrics only there; Remix pages count as `remix`", async () => {
    const port = await freePort();
    const env = getEnv({ ...process.env, METRICS_PORT: String(port) });
    const app = createApp({
      env,
      logger: createLogger("silent"),
      readiness: { database: true, migrations: true, jobs: true, events: true },
      // Where the Remix request handler is mounted (unit tests have no Remix build).
      remixHandler: (_req, res) => void res.status(404).type("text/html").send("<h1>Not found</h1>"),
    });
    const main = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => main.once("listening", resolve));
    const metrics = await startMetricsServer({ port, host: "127.0.0.1", token: env.METRICS_TOKEN });
    try {
      const mainUrl = `http://127.0.0.1:${(main.address() as AddressInfo).port}`;
      const onMain = await fetch(`${mainUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(onMain.status).toBe(404);
      expect(await onMain.text()).not.toContain("assembly_lime_");
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
      const { samples } = await scrape(`http://127.0.0.1:${port}`);
      expect(sampleSum(samples, "assembly_lime_http_requests_total", { route: "remix", method: "GET", status: "404" })).toBe(1);
    } finally {
      main.closeAllConnections();
      await new Promise((resolve) => main.close(resolve));
      await new Promise((resolve) => metrics.close(resolve));
    }
  });
});
