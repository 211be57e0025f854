import { and, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Executor } from "../../../db/client";
import { hooks } from "../../../db/schema";
import type { HookEvent } from "./hook-events";

/**
 * Whether a tenant has hooks on an event, for a few seconds (cleared by the operations that change hooks);
 * the most recently used 10,000 (workspace, event) pairs at most.
 */
const hookPresence = new LRUCache<string, boolean>({ max: 10_000, ttl: 5_000 });
const presenceKey = (options: { tenantId: number; event: HookEvent }) => `${options.tenantId}:${options.event}`;
/** What the cache knows: true or false while fresh, undefined when it must ask the database. */
export const cachedPresence = (options: { tenantId: number; event: HookEvent }) => hookPresence.get(presenceKey(options));
export const forgetHooks = (tenantId: number) => {
  for (const key of hookPresence.keys()) if (key.startsWith(`${tenantId}:`)) hookPresence.delete(key);
};

export async function enabledHooks(executor: Executor, options: { tenantId: number; event: HookEvent }) {
  const targets = await executor
    .select({ id: hooks.id })
    .from(hooks)
    .where(and(eq(hooks.tenantId, options.tenantId), eq(hooks.event, options.event), eq(hooks.enabled, true)));
  hookPresence.set(presenceKey(options), targets.length > 0);
  return targets;
}
