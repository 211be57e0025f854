import type { ToolCallPart, ToolResultPart } from "../../models/types";
import { executeTool } from "./execute-tool";
import type { Tool, ToolContext, ToolOutcome } from "./tool";

const TOOL_RESULT_EVENT_CHARS = 4_000;

export type ToolCallEvent =
  | { type: "tool_call"; toolCallId: string; name: string; input: unknown }
  | { type: "tool_result"; toolCallId: string; name: string; content: string; isError: boolean; durationMs: number };

/**
 * Runs one turn's tool calls. Consecutive read-only calls run together (a
 * model often asks for several files at once); writes, commands and custom
 * tools run alone, in order, and `finish` runs last whatever its place.
 * Events and results keep the model's call order.
 */
export async function executeToolCalls(options: {
  tools: Tool<unknown>[];
  calls: ToolCallPart[];
  context: ToolContext;
  emit: (event: ToolCallEvent) => Promise<void>;
  /** An answer given instead of running a call (one cut at the output limit, say). */
  refuse?: (call: ToolCallPart) => ToolOutcome | undefined;
}): Promise<{ results: ToolResultPart[]; finished?: { summary: string } }> {
  const ordered = [...options.calls].sort((a, b) => Number(a.name === "finish") - Number(b.name === "finish"));
  const outcomes = new Map<string, ToolOutcome>();
  let finished: { summary: string } | undefined;
  for (const batch of batches(ordered, options.tools)) {
    options.context.signal?.throwIfAborted();
    for (const call of batch)
      await options.emit({ type: "tool_call", toolCallId: call.id, name: call.name, input: call.input ?? call.invalidInput });
    const runs = batch.map(async (call) => {
      const started = Date.now();
      const outcome = options.refuse?.(call) ?? (await executeTool(options.tools, call, options.context));
      return { call, outcome, durationMs: Date.now() - started };
    });
    for (const { call, outcome, durationMs } of await Promise.all(runs)) {
      outcomes.set(call.id, outcome);
      await options.emit({
        type: "tool_result",
        toolCallId: call.id,
        name: call.name,
        content: truncate(outcome.content, TOOL_RESULT_EVENT_CHARS),
        isError: outcome.isError ?? false,
        durationMs,
      });
      if (outcome.finished) finished = outcome.finished;
    }
  }
  // Results go back in the call order the model used.
  const results = options.calls.map((call): ToolResultPart => {
    const outcome = outcomes.get(call.id)!;
    return { type: "tool_result", toolCallId: call.id, content: outcome.content, isError: outcome.isError ?? false };
  });
  return { results, finished };
}

/** Runs of consecutive concurrent calls together, every other call on its own. */
function batches(calls: ToolCallPart[], tools: Tool<unknown>[]) {
  const concurrent = (call: ToolCallPart) => tools.find((tool) => tool.name === call.name)?.concurrent === true;
  const groups: ToolCallPart[][] = [];
  for (const call of calls) {
    const last = groups[groups.length - 1];
    if (last && concurrent(call) && concurrent(last[0]!)) last.push(call);
    else groups.push([call]);
  }
  return groups;
}

function truncate(text: string, max: number) {
  return text.length <= max ? text : `${text.slice(0, max)}\n… ${text.length - max} more characters`;
}
