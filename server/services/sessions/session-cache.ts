import { LRUCache } from "lru-cache";
import type { Executor } from "../../../db/client";
import { publish, type EventBus } from "../../events/bus";
import type { SessionIdentity } from "./get-session";

/**
 * Live sessions looked up in the last two seconds, so a busy board (each person
 * dragging a card every few hundred milliseconds) does not pay a session query
 * per request. Anything that changes who may do what — a logout, a role changed,
 * a member removed or invited — clears it in this process at once and, through
 * the event bus, in every other process when its transaction commits.
 *
 * Only live sessions are kept (an unknown token is looked up every time), never
 * past their expiry, and a lookup that raced a clear is not stored.
 */
const DEFAULT_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;
export const SESSIONS_TOPIC = "sessions";

type State = { entries: LRUCache<string, SessionIdentity>; generation: number; ttlMs: number };

// The Remix server bundle and the Express server each load this module: one cache per process.
const registry = globalThis as typeof globalThis & { __assemblyLimeSessionCache?: State };
const state: State = (registry.__assemblyLimeSessionCache ??= {
  entries: new LRUCache({ max: MAX_ENTRIES }),
  generation: 0,
  ttlMs: DEFAULT_TTL_MS,
});

export async function cachedSession(
  tokenHash: string,
  load: () => Promise<{ identity: SessionIdentity; expiresAt: Date } | null>,
): Promise<SessionIdentity | null> {
  const hit = state.entries.get(tokenHash);
  if (hit) return hit;
  const asked = Date.now();
  const generation = state.generation;
  const found = await load();
  if (!found) return null;
  // Counted from before the lookup, as the answer may be that old; never past the session's expiry.
  const now = Date.now();
  const ttl = Math.min(asked + state.ttlMs, found.expiresAt.getTime()) - now;
  if (generation === state.generation && ttl > 0) state.entries.set(tokenHash, found.identity, { ttl });
  return found.identity;
}

/**
 * Keeps sessions looked up from now on cached for `ms` instead of two seconds, until the returned
 * function restores the default — for tests that must tell a cached answer
 * from a fresh one however slow the machine is.
 */
export function holdSessionsFor(ms: number) {
  forgetSessions();
  state.ttlMs = ms;
  return () => {
    state.ttlMs = DEFAULT_TTL_MS;
  };
}

/** Drops every cached session of this process. */
export function forgetSessions() {
  state.generation++;
  state.entries.clear();
}

/** After a change to sessions or memberships: clear here now, and everywhere on commit. */
export async function sessionsChanged(executor: Executor) {
  forgetSessions();
  await publish(executor, { topic: SESSIONS_TOPIC });
}

/** Clears this process's cache when another process changes sessions or memberships (or the bus reconnects). */
export function followSessionChanges(bus: EventBus) {
  return bus.subscribe(SESSIONS_TOPIC, forgetSessions, forgetSessions);
}
