import { AppError } from "../../errors";
import { RunNotRunningError } from "../agent-runs/append-run-events";
import { RunEventWriter } from "../agent-runs/run-event-writer";
import type { Mask } from "./mask";

/** A pod's transcript events (tool calls, results, logs…), masked and written in order while the run runs. */
export async function writePodEvents(options: {
  tenantId: number;
  runId: number;
  mask: Mask;
  events: Array<{ type: string; payload: Record<string, unknown> }>;
}) {
  const writer = new RunEventWriter({ tenantId: options.tenantId, runId: options.runId, onlyWhileRunning: true });
  try {
    await Promise.all(options.events.map((event) => writer.write(event.type, options.mask(event.payload))));
  } catch (error) {
    if (error instanceof RunNotRunningError) throw new AppError("UNAUTHORIZED", "The run has ended.");
    throw error;
  }
  return { written: options.events.length };
}
