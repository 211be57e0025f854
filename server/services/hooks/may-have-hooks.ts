import type { Executor } from "../../../db/client";
import type { HookEvent } from "./hook-events";
import { cachedPresence, enabledHooks } from "./hook-presence";

/**
 * Whether any enabled hook may listen to this event. Most workspaces have no hook
 * on most events: a short-lived cache spares the hot paths (board moves) a query.
 */
export async function mayHaveHooks(executor: Executor, options: { tenantId: number; event: HookEvent }) {
  return cachedPresence(options) ?? (await enabledHooks(executor, options)).length > 0;
}
