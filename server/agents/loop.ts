import { randomUUID } from "node:crypto";
import { compactConversation, needsCompaction } from "./compaction";
import { executeToolCalls, type Tool, type ToolContext, toolSpecs } from "./tools";
import { DeltaStreamer } from "./delta-streamer";
import { estimateInterruptedUsage } from "./interrupted-usage";
import {
  ContextOverflowError,
  TransientModelError,
  type AssistantMessage,
  type Message,
  type ModelClient,
  type ModelTurn,
  promptTokens,
  type Usage,
  type UserMessage,
} from "./types";

/** What the loop reports as it works; the runner persists each as a run event. */
export type LoopEvent =
  | { type: "message_delta"; messageId: string; text: string }
  | { type: "message"; messageId: string; text: string; interrupted?: boolean }
  | { type: "tool_call"; toolCallId: string; name: string; input: unknown }
  | { type: "tool_result"; toolCallId: string; name: string; content: string; isError: boolean; durationMs: number }
  | ({ type: "usage"; purpose: "turn" | "compaction" } & Usage)
  | { type: "compaction"; droppedMessages: number; promptTokensBefore: number; summary: string }
  | { type: "log"; level: "info" | "warn"; message: string };

export type LoopOptions = {
  client: ModelClient;
  model: string;
  system: string;
  task: UserMessage;
  tools: Tool<unknown>[];
  toolContext: ToolContext;
  maxTurns: number;
  contextBudget: number;
  maxOutputTokens: number;
  signal?: AbortSignal;
  emit: (event: LoopEvent) => Promise<void>;
  /** Messages the user sent since the last call (steering). */
  takeFollowUps?: () => Promise<string[]>;
  /** Called before every model call; throw to stop the run (budgets). */
  beforeModelCall?: () => Promise<void>;
  /** How often streamed text is flushed as an event. */
  deltaFlushMs?: number;
};

export type LoopResult = { summary: string; turns: number; endedBy: "finish" | "end_turn" };

export class LoopError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LoopError";
  }
}

const CUT_TOOL_CALL =
  "This call was cut off at the output limit before its arguments were complete, so it was not run. " +
  "Split the write into smaller pieces: write the first part of the file, then add the rest with further calls.";
const STREAM_RETRIES = 2;

/**
 * The agent tool loop, provider-neutral: call the model with the conversation
 * and tools, stream its text out, run the tools it calls inside the workspace,
 * feed results back, and repeat until it calls `finish` (or stops calling
 * tools). Follow-up messages join the conversation between turns; the
 * conversation is compacted when it nears the model's context budget.
 */
export async function runAgentLoop(options: LoopOptions): Promise<LoopResult> {
  const specs = toolSpecs(options.tools);
  let messages: Message[] = [options.task];
  let lastPromptTokens = 0;

  for (let turn = 1; turn <= options.maxTurns; turn++) {
    options.signal?.throwIfAborted();
    const followUps = (await options.takeFollowUps?.()) ?? [];
    if (followUps.length) appendUserText(messages, followUps);

    const compact = async () => {
      const compacted = await compactConversation({
        client: options.client,
        model: options.model,
        messages,
        signal: options.signal,
      });
      if (!compacted) return false;
      messages = compacted.messages;
      await options.emit({ type: "usage", ...compacted.usage, purpose: "compaction" });
      await options.emit({
        type: "compaction",
        droppedMessages: compacted.dropped,
        promptTokensBefore: lastPromptTokens,
        summary: compacted.summary,
      });
      lastPromptTokens = 0;
      return true;
    };
    if (needsCompaction(lastPromptTokens, options.contextBudget)) await compact();

    const response = await callModelHandlingStops(options, () => messages, specs, compact);
    lastPromptTokens = promptTokens(response.usage) + response.usage.outputTokens;

    const assistant: AssistantMessage = { role: "assistant", content: [...(response.opaque ?? [])] };
    if (response.text) assistant.content.push({ type: "text", text: response.text });
    assistant.content.push(...response.toolCalls);
    messages.push(assistant);

    if (response.toolCalls.length === 0) {
      // A server tool ran long: the API asks for the same conversation back, the paused turn included.
      if (response.stopReason === "pause_turn") continue;
      if (response.stopReason === "max_tokens" || response.stopReason === "length") {
        appendUserText(messages, ["Your reply was cut at the output limit. Continue, in smaller steps."]);
        continue;
      }
      // The model stopped without finish: its last words are the summary, unless the user has more to say.
      const more = (await options.takeFollowUps?.()) ?? [];
      if (more.length) {
        messages.push({ role: "user", content: more.map((text) => ({ type: "text", text })) });
        continue;
      }
      return { summary: response.text.trim() || "The agent stopped without a summary.", turns: turn, endedBy: "end_turn" };
    }

    const { results, finished } = await executeToolCalls({
      tools: options.tools,
      calls: response.toolCalls,
      context: { ...options.toolContext, signal: options.signal },
      emit: options.emit,
      refuse: (call) =>
        call.invalidInput !== undefined && isOutputLimit(response.stopReason)
          ? { content: CUT_TOOL_CALL, isError: true }
          : undefined,
    });
    messages.push({ role: "user", content: results });

    if (finished) {
      const more = (await options.takeFollowUps?.()) ?? [];
      if (more.length === 0) return { summary: finished.summary, turns: turn, endedBy: "finish" };
      appendUserText(messages, more);
    }
  }
  throw new LoopError(`The agent did not finish within ${options.maxTurns} turns.`);
}

/**
 * One model call, with the stops the providers document handled: a refusal ends
 * the run; a prompt over the context window (a 400 or the stop reason) is
 * compacted and retried once; an empty end_turn right after tool results is
 * retried once, as it is.
 */
async function callModelHandlingStops(
  options: LoopOptions,
  messages: () => Message[],
  specs: ReturnType<typeof toolSpecs>,
  compact: () => Promise<boolean>,
): Promise<ModelTurn> {
  let compacted = false;
  let retriedEmpty = false;
  for (;;) {
    await options.beforeModelCall?.();
    let response: ModelTurn;
    try {
      response = await callModel(options, messages(), specs);
    } catch (error) {
      if (!(error instanceof ContextOverflowError) || compacted) throw error;
      compacted = true;
      if (!(await compact())) throw error;
      continue;
    }
    if (response.stopReason === "refusal")
      throw new LoopError(
        `The model refused to continue (stop reason "refusal")${response.text ? `: ${response.text.trim()}` : "."}`,
      );
    if (response.stopReason === "model_context_window_exceeded" && !compacted) {
      compacted = true;
      if (await compact()) continue;
    }
    const empty = !response.text.trim() && response.toolCalls.length === 0 && response.stopReason === "end_turn";
    if (empty && !retriedEmpty && endsWithToolResults(messages())) {
      retriedEmpty = true;
      await options.emit({
        type: "log",
        level: "warn",
        message: "The model answered the tool results with nothing — asking again.",
      });
      continue;
    }
    return response;
  }
}

function isOutputLimit(stopReason: string | null) {
  return stopReason === "max_tokens" || stopReason === "length";
}

function endsWithToolResults(messages: Message[]) {
  const last = messages[messages.length - 1];
  return last?.role === "user" && last.content.some((part) => part.type === "tool_result");
}

/** One model call with streamed text flushed as events; a cut stream is retried. */
async function callModel(options: LoopOptions, messages: Message[], specs: ReturnType<typeof toolSpecs>): Promise<ModelTurn> {
  for (let attempt = 0; ; attempt++) {
    const messageId = randomUUID();
    const streamer = new DeltaStreamer(
      (text) => options.emit({ type: "message_delta", messageId, text }),
      options.deltaFlushMs ?? 80,
    );
    try {
      const turn = await options.client.complete({
        model: options.model,
        system: options.system,
        messages,
        tools: specs,
        maxOutputTokens: options.maxOutputTokens,
        signal: options.signal,
        messageId,
        onText: (delta) => streamer.push(delta),
      });
      await streamer.close();
      if (turn.text) await options.emit({ type: "message", messageId, text: turn.text });
      await options.emit({ type: "usage", ...turn.usage, purpose: "turn" });
      return turn;
    } catch (error) {
      await streamer.close();
      if (streamer.text) await options.emit({ type: "message", messageId, text: streamer.text, interrupted: true });
      if (options.signal?.aborted) {
        const spent = estimateInterruptedUsage({ system: options.system, messages, tools: specs }, streamer.text);
        await options.emit({ type: "usage", ...spent, purpose: "turn" });
        throw error;
      }
      if (!(error instanceof TransientModelError)) throw error;
      if (attempt >= STREAM_RETRIES) throw new LoopError(`${error.message} (after ${attempt + 1} attempts)`, { cause: error });
      await options.emit({
        type: "log",
        level: "warn",
        message: `${error.message} — retrying (${attempt + 1}/${STREAM_RETRIES}).`,
      });
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}

/**
 * Adds the user's messages to the conversation. After tool results they go into
 * the last result rather than after it: Anthropic documents text right after
 * tool_result blocks as teaching the model to end its turn empty.
 */
function appendUserText(messages: Message[], texts: string[]) {
  const last = messages[messages.length - 1];
  const lines = texts.map((text) => `Message from the user: ${text}`);
  const lastResult = last?.role === "user" ? last.content.findLast((part) => part.type === "tool_result") : undefined;
  if (lastResult) lastResult.content += `\n\n${lines.join("\n\n")}`;
  else if (last?.role === "user") last.content.push(...lines.map((text) => ({ type: "text" as const, text })));
  else messages.push({ role: "user", content: lines.map((text) => ({ type: "text" as const, text })) });
}

export type { Usage };
