// Repository webhooks: the endpoints that manage them, and signed deliveries, one after another.
import { createHmac, randomUUID } from "node:crypto";
import { accountJson } from "./accounts";
import { now, readJson, str } from "./http";
import { can, repoJson } from "./repos";
import { error, invalid } from "./rest";
import type { FakeGitHubStore } from "./store";
import type { Api, FakeDelivery, FakeHook, FakeRepo, PreparedEvent, Reply } from "./types";

const DELIVERY_TIMEOUT_MS = 10_000;

export function hookJson(store: FakeGitHubStore, repo: FakeRepo, hook: FakeHook) {
  const api = `${store.apiUrl}/repos/${repo.fullName}/hooks/${hook.id}`;
  return {
    type: "Repository",
    id: hook.id,
    name: hook.name,
    active: hook.active,
    events: hook.events,
    // GitHub never shows a secret back, only that there is one.
    config: {
      url: hook.config.url,
      content_type: hook.config.content_type,
      insecure_ssl: hook.config.insecure_ssl,
      ...(hook.config.secret ? { secret: "********" } : {}),
    },
    updated_at: hook.updatedAt,
    created_at: hook.createdAt,
    url: api,
    test_url: `${api}/test`,
    ping_url: `${api}/pings`,
    deliveries_url: `${api}/deliveries`,
    last_response: hook.lastResponse,
  };
}

/** Queues an event for every active hook subscribed to it; call after answering the request that caused it. */
export function emit(store: FakeGitHubStore, prepared: PreparedEvent) {
  const targets = prepared.only
    ? [prepared.only]
    : prepared.repo.hooks.filter((hook) => hook.active && (hook.events.includes("*") || hook.events.includes(prepared.event)));
  enqueue(store, () => deliverAll(store, prepared, targets)).catch(() => {});
}

export function enqueue<T>(store: FakeGitHubStore, task: () => Promise<T>): Promise<T> {
  const run = store.queue.then(task);
  store.queue = run.catch(() => undefined);
  return run;
}

/** One event to every hook: GitHub gives all of them the same delivery GUID. */
export async function deliverAll(store: FakeGitHubStore, prepared: PreparedEvent, hooks: FakeHook[]) {
  const guid = randomUUID();
  const results = [];
  for (const hook of hooks) results.push(await deliver(store, prepared, hook, guid, false));
  return results;
}

/** Sends a recorded delivery again, as "Redeliver" does: same GUID, same payload, a new attempt. */
export async function redeliver(store: FakeGitHubStore, repo: FakeRepo, number: number) {
  const original = store.deliveries.find((delivery) => delivery.number === number && delivery.repo === repo.fullName);
  const hook = repo.hooks.find((candidate) => candidate.id === original?.hookId);
  if (!original || !hook) throw new Error(`no delivery ${number} on ${repo.fullName}`);
  return deliver(store, { repo, event: original.event, payload: original.payload }, hook, original.id, true);
}

async function deliver(store: FakeGitHubStore, prepared: PreparedEvent, hook: FakeHook, id: string, redelivery: boolean) {
  const { repo, event } = prepared;
  const payload = { ...prepared.payload };
  payload.repository ??= repoJson(store, repo);
  payload.sender ??= accountJson(store, repo.owner);
  const json = JSON.stringify(payload);
  // A "form" hook gets the JSON as a `payload` form field; the signature covers the exact bytes sent.
  const raw = hook.config.content_type === "form" ? `payload=${encodeURIComponent(json)}` : json;
  const headers: Record<string, string> = {
    "Content-Type": hook.config.content_type === "form" ? "application/x-www-form-urlencoded" : "application/json",
    "User-Agent": "GitHub-Hookshot/fake",
    "X-GitHub-Event": event,
    "X-GitHub-Delivery": id,
    "X-GitHub-Hook-ID": String(hook.id),
    "X-GitHub-Hook-Installation-Target-Type": "repository",
    "X-GitHub-Hook-Installation-Target-ID": String(repo.id),
  };
  if (hook.config.secret) {
    headers["X-Hub-Signature"] = `sha1=${createHmac("sha1", hook.config.secret).update(raw).digest("hex")}`;
    headers["X-Hub-Signature-256"] = `sha256=${createHmac("sha256", hook.config.secret).update(raw).digest("hex")}`;
  }
  let status = 0;
  let body = "";
  let responseHeaders: Record<string, string> = {};
  const deliveredAt = now();
  const started = performance.now();
  try {
    const response = await fetch(hook.config.url, {
      method: "POST",
      headers,
      body: raw,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    status = response.status;
    responseHeaders = Object.fromEntries(response.headers);
    body = await response.text();
  } catch (error) {
    body =
      error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}`
        : String(error);
  }
  hook.lastResponse = {
    code: status || null,
    status: status >= 200 && status < 300 ? "active" : "failed",
    message: status ? `${status}` : body,
  };
  const action = typeof payload.action === "string" ? payload.action : null;
  const number = store.deliveries.length + 1;
  const duration = Math.round(performance.now() - started) / 1000;
  store.deliveries.push({
    id,
    number,
    redelivery,
    hookId: hook.id,
    repo: repo.fullName,
    event,
    action,
    payload,
    status,
    body,
    headers,
    responseHeaders,
    deliveredAt,
    duration,
  });
  return { hookId: hook.id, status, body };
}

export async function createHook(store: FakeGitHubStore, ctx: Api, repo: FakeRepo): Promise<Reply> {
  // Hooks are an admin matter; GitHub hides them from everyone else.
  if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
  const body = await readJson(ctx.req);
  if (!body) return error(400, "Problems parsing JSON");
  if (body.name !== undefined && body.name !== "web") return invalid({ resource: "Hook", code: "invalid", field: "name" });
  const config = (body.config ?? {}) as Record<string, unknown>;
  const target = str(config.url);
  if (!target || !/^https?:\/\//.test(target))
    return invalid({ resource: "Hook", code: "custom", message: "Config must contain URL." });
  if (repo.hooks.some((hook) => hook.config.url === target)) {
    return invalid({ resource: "Hook", code: "custom", message: "Hook already exists on this repository" });
  }
  const created = now();
  const hook: FakeHook = {
    id: store.nextId(),
    name: "web",
    active: body.active !== false,
    events: Array.isArray(body.events) && body.events.length ? body.events.map(String) : ["push"],
    config: {
      url: target,
      // GitHub's default is "form", not "json".
      content_type: config.content_type === "json" ? "json" : "form",
      secret: str(config.secret) ?? null,
      insecure_ssl: String(config.insecure_ssl ?? "0") === "1" ? "1" : "0",
    },
    createdAt: created,
    updatedAt: created,
    lastResponse: { code: null, status: "unused", message: null },
  };
  repo.hooks.push(hook);
  return { status: 201, body: hookJson(store, repo, hook), events: [pingEvent(store, repo, hook, ctx.viewer!)] };
}

/** GitHub pings a new hook, whatever events it asked for. */
function pingEvent(store: FakeGitHubStore, repo: FakeRepo, hook: FakeHook, sender: string): PreparedEvent {
  return {
    repo,
    event: "ping",
    only: hook,
    payload: {
      zen: "Keep it logically awesome.",
      hook_id: hook.id,
      hook: hookJson(store, repo, hook),
      sender: accountJson(store, sender),
    },
  };
}

export async function hookReply(
  store: FakeGitHubStore,
  ctx: Api,
  repo: FakeRepo,
  method: string,
  id: number,
  ping: boolean,
  attempt?: number,
): Promise<Reply> {
  if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
  const hook = repo.hooks.find((candidate) => candidate.id === id);
  if (!hook) return error(404, "Not Found");
  if (ping && method === "POST") return { status: 204, events: [pingEvent(store, repo, hook, ctx.viewer!)] };
  if (attempt !== undefined) {
    const delivery = store.deliveries.find((entry) => entry.number === attempt && entry.hookId === hook.id);
    if (!delivery || method !== "POST") return error(404, "Not Found");
    enqueue(store, () => redeliver(store, repo, attempt)).catch(() => {});
    return { status: 202, body: {} };
  }
  if (ping) return error(404, "Not Found");
  if (method === "GET") return { status: 200, body: hookJson(store, repo, hook) };
  if (method === "DELETE") {
    repo.hooks.splice(repo.hooks.indexOf(hook), 1);
    return { status: 204 };
  }
  if (method === "PATCH") {
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    const config = body.config as Record<string, unknown> | undefined;
    if (config) {
      if (str(config.url)) hook.config.url = str(config.url)!;
      if (config.content_type === "json" || config.content_type === "form") hook.config.content_type = config.content_type;
      if (config.secret !== undefined) hook.config.secret = str(config.secret) ?? null;
      if (config.insecure_ssl !== undefined) hook.config.insecure_ssl = String(config.insecure_ssl) === "1" ? "1" : "0";
    }
    if (Array.isArray(body.events)) hook.events = body.events.map(String);
    if (Array.isArray(body.add_events)) hook.events = [...new Set([...hook.events, ...body.add_events.map(String)])];
    if (Array.isArray(body.remove_events))
      hook.events = hook.events.filter((event) => !(body.remove_events as unknown[]).includes(event));
    if (typeof body.active === "boolean") hook.active = body.active;
    hook.updatedAt = now();
    return { status: 200, body: hookJson(store, repo, hook) };
  }
  return error(404, "Not Found");
}

/** How the deliveries API words an attempt's outcome. */
function deliveryStatus(delivery: FakeDelivery) {
  if (!delivery.status) return "failed to connect";
  return delivery.status >= 200 && delivery.status < 300 ? "OK" : `Invalid HTTP Response: ${delivery.status}`;
}

function deliveryItemJson(repo: FakeRepo, delivery: FakeDelivery) {
  return {
    id: delivery.number,
    guid: delivery.id,
    delivered_at: delivery.deliveredAt,
    redelivery: delivery.redelivery,
    duration: delivery.duration,
    status: deliveryStatus(delivery),
    status_code: delivery.status,
    event: delivery.event,
    action: delivery.action,
    installation_id: null,
    repository_id: repo.id,
    throttled_at: null,
  };
}

/**
 * `GET /hooks/{hook_id}/deliveries` (newest first, paged by `cursor` as GitHub does, not by `page`)
 * and `GET /hooks/{hook_id}/deliveries/{delivery_id}` with the request and response as sent.
 */
export function deliveriesReply(
  store: FakeGitHubStore,
  ctx: Api,
  repo: FakeRepo,
  hookId: number,
  deliveryId: number | undefined,
): Reply {
  if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
  const hook = repo.hooks.find((candidate) => candidate.id === hookId);
  if (!hook) return error(404, "Not Found");
  const mine = store.deliveries.filter((delivery) => delivery.hookId === hook.id).reverse();
  if (deliveryId !== undefined) {
    const delivery = mine.find((entry) => entry.number === deliveryId);
    if (!delivery) return error(404, "Not Found");
    return {
      status: 200,
      body: {
        ...deliveryItemJson(repo, delivery),
        url: hook.config.url,
        request: { headers: delivery.headers, payload: delivery.payload },
        response: { headers: delivery.responseHeaders, payload: delivery.body },
      },
    };
  }
  const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
  const cursor = Number(ctx.url.searchParams.get("cursor")) || Infinity;
  const after = mine.filter((delivery) => delivery.number < cursor);
  const page = after.slice(0, perPage);
  const headers: Record<string, string> = {};
  if (after.length > perPage) {
    const next = new URL(`${store.baseUrl}${ctx.url.pathname}`);
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("cursor", String(page[page.length - 1]!.number));
    headers.Link = `<${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: page.map((delivery) => deliveryItemJson(repo, delivery)), headers };
}
