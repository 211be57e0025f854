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

type Entry = { identity: SessionIdentity; until: number };
type State = { entries: Map<string, Entry>; generation: number; ttlMs: number };

// The Remix server bundle and the Express server each load this module: one cache per process.
const registry = globalThis as typeof globalThis & { __assemblyLimeSessionCache?: State };
const state: State = (registry.__assemblyLimeSessionCache ??= { entries: new Map(), generation: 0, ttlMs: DEFAULT_TTL_MS });

export async function cachedSession(
  tokenHash: string,
  load: () => Promise<{ identity: SessionIdentity; expiresAt: Date } | null>,
): Promise<SessionIdentity | null> {
  const now = Date.now();
  const hit = state.entries.get(tokenHash);
  if (hit && hit.until > now) return hit.identity;
  if (hit) state.entries.delete(tokenHash);
  const generation = state.generation;
  const found = await load();
  if (!found) return null;
  if (generation === state.generation) {
    if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value!);
    state.entries.set(tokenHash, { identity: found.identity, until: Math.min(now + state.ttlMs, found.expiresAt.getTime()) });
  }
  return found.identity;
}

/**
 * Keeps sessions cached for `ms` instead of two seconds, until the returned
 * function restores the default — for tests that must tell a cached answer
 * from a fresh one however slow the machine is.
 */
export function holdSessionsFor(ms: number) {
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
