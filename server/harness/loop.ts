import { randomUUID } from "node:crypto";
import { compactConversation, compactionThreshold, modelSummariser, type Summariser } from "./compaction";
import { executeToolCalls, type Tool, type ToolContext, toolSpecs } from "./tools";
import { DeltaStreamer } from "./delta-streamer";
import { estimateInterruptedUsage } from "./interrupted-usage";
import { LimitStop, LimitWatch, timeUp, type RunLimits } from "./limits";
import { StuckDetector } from "./stuck";
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
} from "../models/types";

/** What the loop reports as it works; the runner persists each as a run event. */
export type LoopEvent =
  | { type: "message_delta"; messageId: string; text: string }
  | { type: "message"; messageId: string; text: string; interrupted?: boolean }
  | { type: "tool_call"; toolCallId: string; name: string; input: unknown }
  | { type: "tool_result"; toolCallId: string; name: string; content: string; isError: boolean; durationMs: number }
  | ({ type: "usage"; purpose: "turn" | "compaction" } & Usage)
  | {
      type: "compaction";
      method: "masked" | "summarised";
      maskedResults: number;
      droppedMessages: number;
      promptTokensBefore: number;
      promptTokensAfter: number;
      summary: string;
    }
  | { type: "log"; level: "info" | "warn"; message: string };

export type LoopOptions = {
  client: ModelClient;
  model: string;
  system: string;
  task: UserMessage;
  tools: Tool<unknown>[];
  toolContext: ToolContext;
  limits: RunLimits;
  contextBudget: number;
  /** Prompt tokens at which to compact (capped at 75% of `contextBudget`); unset → that cap. */
  compactAtTokens?: number;
  /** Writes compaction summaries (the runners send them to the `agent-run.compact` job); unset → `client` in process. */
  summarise?: Summariser;
  maxOutputTokens: number;
  signal?: AbortSignal;
  emit: (event: LoopEvent) => Promise<void>;
  /** Messages the user sent since the last call (steering). */
  takeFollowUps?: () => Promise<string[]>;
  /** Called before every model call; throw to stop the run (a `LimitStop` keeps the work: budgets). */
  beforeModelCall?: () => Promise<void>;
  /** How often streamed text is flushed as an event. */
  deltaFlushMs?: number;
};

/** How the loop ended: the agent's `finish`, or a limit (its last words are the summary; the caller keeps the work). */
export type LoopResult =
  | { summary: string; turns: number; endedBy: "finish" }
  | { summary: string; turns: number; endedBy: "limit"; stop: Pick<LimitStop, "reason" | "message"> };

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
const NO_FINISH_NUDGE =
  "You ended your turn without calling finish. If the work is done, call finish with the summary your mode asks for; otherwise carry on.";

/**
 * The agent tool loop, provider-neutral: call the model with the conversation
 * and tools, stream its text out, run the tools it calls inside the workspace,
 * feed results back, and repeat until it calls `finish`. Follow-up messages
 * join the conversation between turns; the conversation is compacted when it
 * nears the model's context budget. The run's caps (turns, cost, time), a
 * stuck model and a `LimitStop` from outside end it with `endedBy: "limit"`,
 * never by throwing the work away; the model is warned before a cap and nudged
 * once when it stops without `finish` or goes in circles.
 */
export async function runAgentLoop(options: LoopOptions): Promise<LoopResult> {
  const { deadline } = options.limits;
  const clock = new AbortController();
  const timer = deadline ? setTimeout(() => clock.abort(timeUp()), Math.max(0, deadline - Date.now())) : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, clock.signal]) : clock.signal;
  const state = { turn: 0, lastText: "" };
  try {
    return await loop({ ...options, signal }, state);
  } catch (error) {
    const stop = error instanceof LimitStop ? error : signal.reason instanceof LimitStop ? signal.reason : null;
    if (!stop) throw error;
    await options
      .emit({ type: "log", level: "warn", message: `${stop.message} The work so far is kept.` })
      .catch(() => undefined);
    const summary = state.lastText.trim() || "The agent stopped before it wrote a summary.";
    return { summary, turns: state.turn, endedBy: "limit", stop: { reason: stop.reason, message: stop.message } };
  } finally {
    clearTimeout(timer);
  }
}

async function loop(options: LoopOptions & { signal: AbortSignal }, state: { turn: number; lastText: string }) {
  const specs = toolSpecs(options.tools);
  let messages: Message[] = [options.task];
  let lastPromptTokens = 0;
  const threshold = compactionThreshold(options.contextBudget, options.compactAtTokens);
  const summarise = options.summarise ?? modelSummariser(options.client, options.model);
  const watch = new LimitWatch(options.limits);
  const stuck = new StuckDetector();
  let nudgedToFinish = false;
  const note = async (texts: string[]) => {
    for (const message of texts) await options.emit({ type: "log", level: "warn", message });
    appendUserText(messages, texts, "the harness");
  };

  for (let turn = 1; ; turn++) {
    state.turn = turn;
    options.signal.throwIfAborted();
    const warnings = watch.check(turn);
    if (warnings.length) await note(warnings);
    const followUps = (await options.takeFollowUps?.()) ?? [];
    if (followUps.length) appendUserText(messages, followUps);

    const compact = async (force: boolean) => {
      const outcome = await compactConversation({
        messages,
        promptTokens: lastPromptTokens,
        threshold,
        summarise,
        force,
        signal: options.signal,
      });
      if (outcome.failure)
        await options.emit({
          type: "log",
          level: "warn",
          message: `No summary this time (${outcome.failure}); old tool outputs were masked instead.`,
        });
      if (!outcome.changed) return false;
      messages = outcome.messages;
      if (outcome.usage) {
        watch.addUsage(outcome.usage);
        await options.emit({ type: "usage", ...outcome.usage, purpose: "compaction" });
      }
      await options.emit({
        type: "compaction",
        method: outcome.method,
        maskedResults: outcome.maskedResults,
        droppedMessages: outcome.summarisedMessages,
        promptTokensBefore: outcome.promptTokensBefore,
        promptTokensAfter: outcome.promptTokensAfter,
        summary: outcome.summary ?? "",
      });
      lastPromptTokens = outcome.promptTokensAfter;
      return true;
    };
    if (lastPromptTokens >= threshold) await compact(false);

    const response = await callModelHandlingStops(
      options,
      () => messages,
      specs,
      () => compact(true),
    );
    watch.addUsage(response.usage);
    if (response.text.trim()) state.lastText = response.text;
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
      // The model stopped without finish: the user may have more to say; if not, it is reminded once.
      const more = (await options.takeFollowUps?.()) ?? [];
      if (more.length) {
        messages.push({ role: "user", content: more.map((text) => ({ type: "text", text })) });
        continue;
      }
      if (nudgedToFinish) throw new LimitStop("no_finish", "The agent ended its turn again without calling finish.");
      nudgedToFinish = true;
      await note([NO_FINISH_NUDGE]);
      continue;
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
      if (more.length === 0) return { summary: finished.summary, turns: turn, endedBy: "finish" as const };
      appendUserText(messages, more);
      continue;
    }
    const nudges = response.toolCalls.flatMap((call) => {
      const result = results.find((part) => part.toolCallId === call.id);
      const nudge = result ? stuck.record(call, result) : null;
      return nudge ? [nudge] : [];
    });
    if (nudges.length) await note(nudges.slice(0, 1));
  }
}

/**
 * One model call, with the stops the providers document handled: a refusal ends
 * the run; a prompt over the context window (a 400 or the stop reason) or a
 * body over the API's byte limit (a 413) is compacted and retried once; an empty end_turn right after tool results is
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
 * Adds the user's (or the harness's) messages to the conversation. After tool
 * results they go into the last result rather than after it: Anthropic
 * documents text right after tool_result blocks as teaching the model to end
 * its turn empty.
 */
function appendUserText(messages: Message[], texts: string[], from = "the user") {
  const last = messages[messages.length - 1];
  const lines = texts.map((text) => `Message from ${from}: ${text}`);
  const lastResult = last?.role === "user" ? last.content.findLast((part) => part.type === "tool_result") : undefined;
  if (lastResult) lastResult.content += `\n\n${lines.join("\n\n")}`;
  else if (last?.role === "user") last.content.push(...lines.map((text) => ({ type: "text" as const, text })));
  else messages.push({ role: "user", content: lines.map((text) => ({ type: "text" as const, text })) });
}

export type { Usage };
