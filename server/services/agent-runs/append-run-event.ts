import type { Executor } from "../../../db/client";
import { appendRunEvents } from "./append-run-events";

/**
 * Appends an event to a run's transcript with the next per-run `seq` and
 * notifies subscribers on commit (see appendRunEvents).
 */
export async function appendRunEvent(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    type: string;
    payload: Record<string, unknown>;
    /** The worker's events: written only while the run is running, so nothing follows a final status. */
    onlyWhileRunning?: boolean;
  },
) {
  const { type, payload, ...run } = options;
  const { events } = await appendRunEvents(executor, { ...run, events: [{ type, payload }] });
  return events[0]!;
}
