import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { db, type Executor } from "../../../db/client";
import { hookDeliveries, hooks } from "../../../db/schema";
import { hookDeliverJob } from "../../../jobs/hook-deliver";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { commandEnvironment, runCommand } from "../../harness/tools/run-command";
import { getKeyring } from "../../crypto/secrets";
import { sha256Signature } from "../../crypto/signature";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { sanitizeJson } from "../../text/sanitize";
import { OutboundRefusedError } from "../../net/outbound-policy";
import { sendOutbound } from "../../net/send-outbound";
import { checkOutboundUrl } from "../outbound/check-outbound-url";
import { getOutboundPolicy } from "../outbound/get-outbound-policy";

export const HOOK_EVENTS = ["run.completed", "run.failed", "ticket.moved", "pr.merged"] as const;

/**
 * Whether a tenant has hooks on an event, for a few seconds (cleared here when hooks change);
 * the most recently used 10,000 (workspace, event) pairs at most.
 */
const hookPresence = new LRUCache<string, boolean>({ max: 10_000, ttl: 5_000 });
const presenceKey = (options: { tenantId: number; event: HookEvent }) => `${options.tenantId}:${options.event}`;
/** What the cache knows: true or false while fresh, undefined when it must ask the database. */
const cachedPresence = (options: { tenantId: number; event: HookEvent }) => hookPresence.get(presenceKey(options));
const forgetHooks = (tenantId: number) => {
  for (const key of hookPresence.keys()) if (key.startsWith(`${tenantId}:`)) hookPresence.delete(key);
};
export type HookEvent = (typeof HOOK_EVENTS)[number];

const hookColumns = {
  id: hooks.id,
  name: hooks.name,
  event: hooks.event,
  kind: hooks.kind,
  targetUrl: hooks.targetUrl,
  script: hooks.script,
  timeoutSeconds: hooks.timeoutSeconds,
  enabled: hooks.enabled,
  createdAt: hooks.createdAt,
};

function checkTarget(kind: "webhook" | "script", targetUrl: string | null | undefined, script: string | null | undefined) {
  if (kind === "webhook") {
    let url: URL;
    try {
      url = new URL(targetUrl ?? "");
    } catch {
      throw new AppError("BAD_REQUEST", "A webhook hook needs a URL.");
    }
    const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
      throw new AppError("BAD_REQUEST", "Webhook URLs must be https:// (http only for localhost).");
  } else if (!script?.trim()) throw new AppError("BAD_REQUEST", "A script hook needs a script.");
}

/** A hook: a signed HTTPS webhook (its signing secret is generated, sealed, and shown once) or a script. */
export async function createHook(options: {
  tenantId: number;
  userId: number;
  env: Env;
  name: string;
  event: HookEvent;
  kind: "webhook" | "script";
  targetUrl?: string | null;
  script?: string | null;
  timeoutSeconds: number;
}) {
  checkTarget(options.kind, options.targetUrl, options.script);
  if (options.kind === "webhook")
    await checkOutboundUrl({ tenantId: options.tenantId, env: options.env, url: options.targetUrl!, field: "targetUrl" });
  const secret = options.kind === "webhook" ? randomBytes(24).toString("hex") : null;
  const sealed = secret ? getKeyring(options.env).seal(secret) : null;
  const [row] = await db
    .insert(hooks)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      event: options.event,
      kind: options.kind,
      targetUrl: options.kind === "webhook" ? options.targetUrl! : null,
      script: options.kind === "script" ? options.script! : null,
      secretCiphertext: sealed?.ciphertext ?? null,
      secretKeyId: sealed?.keyId ?? null,
      timeoutSeconds: options.timeoutSeconds,
      createdBy: options.userId,
    })
    .returning(hookColumns);
  forgetHooks(options.tenantId);
  return { ...row!, secret };
}

export async function listHooks(options: { tenantId: number }) {
  return db.select(hookColumns).from(hooks).where(eq(hooks.tenantId, options.tenantId)).orderBy(desc(hooks.id));
}

export async function updateHook(options: {
  tenantId: number;
  hookId: number;
  enabled?: boolean;
  name?: string;
  timeoutSeconds?: number;
}) {
  const { tenantId, hookId, ...changes } = options;
  const [row] = await db
    .update(hooks)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(hooks.id, hookId), eq(hooks.tenantId, tenantId)))
    .returning(hookColumns);
  if (!row) throw notFound("Hook");
  forgetHooks(tenantId);
  return row;
}

export async function deleteHook(options: { tenantId: number; hookId: number }) {
  const rows = await db
    .delete(hooks)
    .where(and(eq(hooks.id, options.hookId), eq(hooks.tenantId, options.tenantId)))
    .returning({ id: hooks.id });
  if (!rows.length) throw notFound("Hook");
  forgetHooks(options.tenantId);
  return { id: options.hookId };
}

export async function listDeliveries(options: { tenantId: number; hookId: number }) {
  return db
    .select()
    .from(hookDeliveries)
    .where(and(eq(hookDeliveries.tenantId, options.tenantId), eq(hookDeliveries.hookId, options.hookId)))
    .orderBy(desc(hookDeliveries.id))
    .limit(100);
}

/**
 * Whether any enabled hook may listen to this event. Most workspaces have no hook
 * on most events: a short-lived cache spares the hot paths (board moves) a query.
 */
export async function mayHaveHooks(executor: Executor, options: { tenantId: number; event: HookEvent }) {
  return cachedPresence(options) ?? (await enabledHooks(executor, options)).length > 0;
}

async function enabledHooks(executor: Executor, options: { tenantId: number; event: HookEvent }) {
  const targets = await executor
    .select({ id: hooks.id })
    .from(hooks)
    .where(and(eq(hooks.tenantId, options.tenantId), eq(hooks.event, options.event), eq(hooks.enabled, true)));
  hookPresence.set(presenceKey(options), targets.length > 0);
  return targets;
}

/**
 * Something happened: a delivery is recorded for every enabled hook on that
 * event and handed to pg-boss (retries with backoff), in the caller's
 * transaction — no delivery for a change that rolled back.
 */
export async function emitHookEvent(
  executor: Executor,
  options: { tenantId: number; event: HookEvent; payload: Record<string, unknown> },
) {
  if (cachedPresence(options) === false) return 0;
  const targets = await enabledHooks(executor, options);
  for (const hook of targets) {
    const [delivery] = await executor
      .insert(hookDeliveries)
      .values({ tenantId: options.tenantId, hookId: hook.id, event: options.event, payload: sanitizeJson(options.payload) })
      .returning({ id: hookDeliveries.id });
    // The job is inserted in the same transaction as the delivery row (and the change behind it).
    await sendJob(getBoss(), hookDeliverJob, { tenantId: options.tenantId, deliveryId: delivery!.id }, { tx: executor });
  }
  return targets.length;
}

/**
 * One attempt at a delivery (the pg-boss job): a webhook POSTs the signed JSON
 * body; a script runs with the payload on stdin, a clean environment (none of
 * the app's secrets) and the hook's time limit. Failure throws so pg-boss retries.
 */
export async function deliverHook(options: { tenantId: number; deliveryId: number; env: Env }) {
  const [row] = await db
    .select({ delivery: hookDeliveries, hook: hooks })
    .from(hookDeliveries)
    .innerJoin(hooks, eq(hooks.id, hookDeliveries.hookId))
    .where(and(eq(hookDeliveries.id, options.deliveryId), eq(hookDeliveries.tenantId, options.tenantId)));
  if (!row || row.delivery.status === "delivered") return { skipped: true };
  const { delivery, hook } = row;
  const body = JSON.stringify({ event: delivery.event, deliveryId: delivery.id, payload: delivery.payload });
  const attempts = delivery.attempts + 1;
  try {
    if (hook.kind === "webhook") {
      const secret = getKeyring(options.env).open({ ciphertext: hook.secretCiphertext!, keyId: hook.secretKeyId! });
      const response = await sendOutbound({
        url: hook.targetUrl!,
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "AssemblyLime-Hooks/1",
          "x-assembly-lime-event": delivery.event,
          "x-assembly-lime-delivery": String(delivery.id),
          "x-assembly-lime-signature-256": sha256Signature(secret, body),
        },
        body,
        timeoutMs: hook.timeoutSeconds * 1000,
        policy: await getOutboundPolicy({ tenantId: options.tenantId, env: options.env }),
        maxResponseChars: 500,
      });
      await db
        .update(hookDeliveries)
        .set({ attempts, responseStatus: response.status, responseBodyExcerpt: response.text })
        .where(eq(hookDeliveries.id, delivery.id));
      if (!response.ok) throw new Error(`The hook answered ${response.status}.`);
    } else {
      const dir = await mkdtemp(path.join(os.tmpdir(), "al-hook-"));
      try {
        const result = await runCommand({
          command: `printf '%s' "$HOOK_PAYLOAD" | ( ${hook.script} )`,
          cwd: dir,
          timeoutMs: hook.timeoutSeconds * 1000,
          env: commandEnvironment(dir, { HOOK_EVENT: delivery.event, HOOK_PAYLOAD: body }),
        });
        await db
          .update(hookDeliveries)
          .set({ attempts, responseStatus: result.exitCode, responseBodyExcerpt: result.output.slice(0, 500) })
          .where(eq(hookDeliveries.id, delivery.id));
        if (result.timedOut) throw new Error(`The script timed out after ${hook.timeoutSeconds} s.`);
        if (result.exitCode !== 0) throw new Error(`The script exited with ${result.exitCode}.`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    await db
      .update(hookDeliveries)
      .set({ status: "delivered", deliveredAt: new Date(), error: null })
      .where(eq(hookDeliveries.id, delivery.id));
    return { delivered: true, attempts };
  } catch (error) {
    const message = (error as Error).message;
    // A refused address fails the delivery at once: retrying would only be refused again.
    const refused = error instanceof OutboundRefusedError;
    await db
      .update(hookDeliveries)
      .set({ attempts, error: message, status: refused || attempts >= HOOK_MAX_ATTEMPTS ? "failed" : "pending" })
      .where(eq(hookDeliveries.id, delivery.id));
    if (refused) return { delivered: false, attempts, refused: message };
    throw error;
  }
}

export const HOOK_MAX_ATTEMPTS = (hookDeliverJob.queue.retryLimit ?? 0) + 1;

/** Queues a test delivery of a hook (payload `{ test: true }`). */
export async function sendTestDelivery(options: { tenantId: number; hookId: number }) {
  const [hook] = await db
    .select({ id: hooks.id, event: hooks.event })
    .from(hooks)
    .where(and(eq(hooks.id, options.hookId), eq(hooks.tenantId, options.tenantId)));
  if (!hook) throw notFound("Hook");
  const [delivery] = await db
    .insert(hookDeliveries)
    .values({ tenantId: options.tenantId, hookId: hook.id, event: hook.event, payload: { test: true } })
    .returning({ id: hookDeliveries.id });
  await sendJob(getBoss(), hookDeliverJob, { tenantId: options.tenantId, deliveryId: delivery!.id });
  return { deliveryId: delivery!.id };
}
