import type { CompactionSections } from "../../db/schema";
import type { Message, ModelClient, TextPart, ToolCallPart, Usage, UserMessage } from "../models/types";

export const COMPACTION_MARKER = "<compaction-request>";
const SUMMARY_OPEN = "<summary-of-earlier-work>";
const SUMMARY_CLOSE = "</summary-of-earlier-work>";
/** Messages kept verbatim at the end of the conversation (two assistant/tool rounds). */
const KEEP_TAIL = 4;
/** Tool results of the last this-many assistant turns stay whole; older ones are masked first. */
const KEEP_RESULT_TURNS = 3;
/** A result shorter than this is left alone: its placeholder would save nothing. */
const MASK_MIN_CHARS = 400;
const MASKED_PREFIX = "[Output elided to save context:";
/** What the summariser sees of each tool result and call, and of the span as a whole. */
const RESULT_PREVIEW = 2_000;
const CALL_PREVIEW = 400;
const TRANSCRIPT_LIMIT = 300_000;
/** Compaction never starts later than this share of the context window. */
const WINDOW_SHARE = 0.75;

export const SUMMARY_SECTIONS = [
  ["task", "Task"],
  ["done", "Done"],
  ["pending", "Pending"],
  ["codeState", "Code state"],
] as const satisfies ReadonlyArray<readonly [keyof CompactionSections, string]>;

const SUMMARY_SYSTEM = [
  "You write the working memory of a software engineering agent whose earlier conversation is being cut to save context.",
  "The agent continues from its task, your summary and its last few turns only, so keep every fact it still needs: paths, names, commands, error messages, decisions.",
  "Carry forward whatever in the previous summary still holds, and correct what the transcript shows has changed.",
  "Answer with exactly these four markdown sections, in this order and nothing else:",
  "## Task — the goal in a few lines, with any refinements the user added since.",
  "## Done — what was found and what was changed, commands run and their outcome.",
  "## Pending — what remains, open problems, and the next step.",
  "## Code state — files touched (path and what changed) and the tests' status (the command and whether it passes).",
].join("\n");

/** What the summariser is given: the task, the summary it replaces, and the span being cut. */
export type SummaryRequest = { task: string; previousSummary: string | null; transcript: string };

/** Writes the summary of a span; `usage` is set when the caller should meter the call itself. */
export type Summariser = (request: SummaryRequest, signal?: AbortSignal) => Promise<{ summary: string; usage?: Usage }>;

/** The prompt size at which to compact: the configured figure, but never above 75% of the window. */
export function compactionThreshold(contextWindow: number, compactAtTokens?: number) {
  const cap = Math.floor(contextWindow * WINDOW_SHARE);
  return compactAtTokens === undefined ? cap : Math.min(compactAtTokens, cap);
}

export type CompactionOutcome = {
  messages: Message[];
  /** Whether the conversation changed at all (there may be nothing old enough to mask or summarise). */
  changed: boolean;
  method: "masked" | "summarised";
  maskedResults: number;
  summarisedMessages: number;
  promptTokensBefore: number;
  /** An estimate: the measured prompt less the characters taken out (at ~4 per token). */
  promptTokensAfter: number;
  summary?: string;
  usage?: Usage;
  /** Why no summary was made although one was needed; the masked conversation is kept instead. */
  failure?: string;
};

/**
 * Compacts a conversation in two steps, cheapest first: mask the bodies of old
 * tool results; if the prompt is still over the threshold (or the provider
 * refused it as too long: `force`), replace the span between the task and the
 * last rounds with a structured summary. A summariser that fails leaves the
 * masked conversation, so the run continues.
 */
export async function compactConversation(options: {
  messages: Message[];
  promptTokens: number;
  threshold: number;
  summarise: Summariser;
  force?: boolean;
  signal?: AbortSignal;
}): Promise<CompactionOutcome> {
  const { messages, promptTokens } = options;
  const masked = maskOldToolOutputs(messages);
  const after = (next: Message[]) => Math.max(0, promptTokens - (estimateTokens(messages) - estimateTokens(next)));
  const maskedOnly = (failure?: string): CompactionOutcome => ({
    messages: masked.messages,
    changed: masked.count > 0,
    method: "masked",
    maskedResults: masked.count,
    summarisedMessages: 0,
    promptTokensBefore: promptTokens,
    promptTokensAfter: after(masked.messages),
    failure,
  });
  if (!options.force && after(masked.messages) < options.threshold) return maskedOnly();
  const split = splitConversation(messages);
  if (!split) return maskedOnly();

  let written: Awaited<ReturnType<Summariser>>;
  try {
    written = await options.summarise(
      { task: textOf(split.taskParts), previousSummary: split.previousSummary, transcript: renderTranscript(split.span) },
      options.signal,
    );
  } catch (error) {
    options.signal?.throwIfAborted();
    return maskedOnly(error instanceof Error ? error.message : String(error));
  }
  const summary = renderSummary(written.summary);
  const head: UserMessage = {
    role: "user",
    content: [...split.taskParts, { type: "text", text: `${SUMMARY_OPEN}\n${summary}\n${SUMMARY_CLOSE}` }],
  };
  const next = [head, ...masked.messages.slice(split.cut)];
  return {
    messages: next,
    changed: true,
    method: "summarised",
    maskedResults: masked.count,
    summarisedMessages: split.span.length,
    promptTokensBefore: promptTokens,
    promptTokensAfter: after(next),
    summary,
    usage: written.usage,
  };
}

/**
 * Replaces the bodies of tool results older than the last few assistant turns
 * with a placeholder that names the call, so the model can run it again.
 */
export function maskOldToolOutputs(messages: Message[]) {
  const calls = new Map<string, ToolCallPart>();
  for (const message of messages)
    if (message.role === "assistant") for (const part of message.content) if (part.type === "tool_call") calls.set(part.id, part);
  const assistantAt = messages.flatMap((message, index) => (message.role === "assistant" ? [index] : []));
  const keepFrom = assistantAt.length > KEEP_RESULT_TURNS ? assistantAt[assistantAt.length - KEEP_RESULT_TURNS]! : 0;
  let count = 0;
  const masked = messages.map((message, index): Message => {
    if (index >= keepFrom || message.role !== "user") return message;
    return {
      ...message,
      content: message.content.map((part) => {
        if (part.type !== "tool_result" || part.content.length < MASK_MIN_CHARS || part.content.startsWith(MASKED_PREFIX))
          return part;
        count++;
        return { ...part, content: placeholder(calls.get(part.toolCallId), part.content.length) };
      }),
    };
  });
  return { messages: masked, count };
}

function placeholder(call: ToolCallPart | undefined, chars: number) {
  if (!call) return `${MASKED_PREFIX} ${chars} characters of tool output.]`;
  const args = JSON.stringify(call.input ?? call.invalidInput ?? {}).slice(0, CALL_PREVIEW);
  return `${MASKED_PREFIX} ${call.name}(${args}) returned ${chars} characters. Call ${call.name} again if you need them.]`;
}

/** The prompt and user message the summariser model is sent. */
export function buildSummaryPrompt(request: SummaryRequest) {
  const text = [
    COMPACTION_MARKER,
    `<task>\n${request.task}\n</task>`,
    `<previous-summary>\n${request.previousSummary ?? "(none: this is the first compaction)"}\n</previous-summary>`,
    `<transcript>\n${request.transcript}\n</transcript>`,
  ].join("\n");
  return { system: SUMMARY_SYSTEM, messages: [{ role: "user", content: [{ type: "text", text }] }] satisfies Message[] };
}

/** One summarisation call on a model client: the same prompt in the job and in-process. */
export async function writeSummary(options: {
  client: ModelClient;
  model: string;
  request: SummaryRequest;
  signal?: AbortSignal;
}) {
  const prompt = buildSummaryPrompt(options.request);
  const turn = await options.client.complete({
    model: options.model,
    system: prompt.system,
    messages: prompt.messages,
    tools: [],
    maxOutputTokens: 4_000,
    signal: options.signal,
  });
  const summary = turn.text.trim();
  if (!summary) throw new Error("The summariser answered with no text.");
  return { summary, sections: parseSummarySections(summary), usage: turn.usage };
}

/** A summariser that calls the model in this process and leaves the metering to the loop. */
export function modelSummariser(client: ModelClient, model: string): Summariser {
  return async (request, signal) => {
    const { summary, usage } = await writeSummary({ client, model, request, signal });
    return { summary, usage };
  };
}

/** The summary's four sections by their headings; a section the model left out is null. */
export function parseSummarySections(summary: string): CompactionSections {
  const sections: CompactionSections = { task: null, done: null, pending: null, codeState: null };
  let current: keyof CompactionSections | undefined;
  const lines: Partial<Record<keyof CompactionSections, string[]>> = {};
  for (const line of summary.split("\n")) {
    const heading = /^#{1,4}\s*(.+?)\s*:?\s*$/.exec(line.trim())?.[1]?.toLowerCase();
    const match = heading ? SUMMARY_SECTIONS.find(([, title]) => title.toLowerCase() === heading) : undefined;
    if (match) current = match[0];
    else if (current) (lines[current] ??= []).push(line);
  }
  for (const [key] of SUMMARY_SECTIONS) sections[key] = lines[key]?.join("\n").trim() || null;
  return sections;
}

/** The summary as the agent reads it: the four sections in order when all are there, else the text as written. */
function renderSummary(summary: string) {
  const sections = parseSummarySections(summary);
  if (SUMMARY_SECTIONS.some(([key]) => sections[key] === null)) return summary.trim();
  return SUMMARY_SECTIONS.map(([key, title]) => `## ${title}\n${sections[key]}`).join("\n\n");
}

/**
 * The task (first message, without an earlier summary), that earlier summary,
 * and the span to summarise; the kept tail starts with an assistant turn so
 * every tool result keeps its call. Null when there is nothing old enough.
 */
function splitConversation(messages: Message[]) {
  let cut = messages.length - KEEP_TAIL;
  while (cut > 1 && messages[cut]!.role !== "assistant") cut--;
  if (cut <= 1) return null;
  const first = messages[0] as UserMessage;
  const isSummary = (part: UserMessage["content"][number]) => part.type === "text" && part.text.startsWith(SUMMARY_OPEN);
  const summaryPart = first.content.find(isSummary) as TextPart | undefined;
  return {
    cut,
    taskParts: first.content.filter((part) => !isSummary(part)),
    previousSummary: summaryPart ? summaryPart.text.slice(SUMMARY_OPEN.length, -SUMMARY_CLOSE.length).trim() : null,
    span: messages.slice(1, cut),
  };
}

function textOf(parts: UserMessage["content"]) {
  return parts.flatMap((part) => (part.type === "text" ? [part.text] : part.type === "image" ? ["[image]"] : [])).join("\n");
}

function renderTranscript(messages: Message[]) {
  const lines: string[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === "text") lines.push(`${message.role}: ${part.text}`);
      else if (part.type === "tool_call")
        lines.push(`assistant called ${part.name}(${JSON.stringify(part.input ?? part.invalidInput).slice(0, CALL_PREVIEW)})`);
      else if (part.type === "tool_result")
        lines.push(`${part.isError ? "tool error" : "tool result"}: ${part.content.slice(0, RESULT_PREVIEW)}`);
      else if (part.type === "image") lines.push(`${message.role}: [image]`);
    }
  }
  const transcript = lines.join("\n");
  if (transcript.length <= TRANSCRIPT_LIMIT) return transcript;
  // The oldest part goes first: the previous summary already covers what came before it.
  return `[… ${transcript.length - TRANSCRIPT_LIMIT} earlier characters left out …]\n${transcript.slice(-TRANSCRIPT_LIMIT)}`;
}

/** Tokens of the conversation's content at ~4 characters each (an image at ~1,600), for before/after figures. */
function estimateTokens(messages: Message[]) {
  let chars = 0;
  for (const message of messages)
    for (const part of message.content) {
      if (part.type === "text") chars += part.text.length;
      else if (part.type === "tool_result") chars += part.content.length;
      else if (part.type === "tool_call") chars += JSON.stringify(part.input ?? part.invalidInput ?? "").length;
      else if (part.type === "image") chars += 6_400;
    }
  return Math.ceil(chars / 4);
}
