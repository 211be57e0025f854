import type { Message, ModelClient, TextPart, Usage, UserMessage } from "./types";

/** Messages kept verbatim at the end of the conversation (two assistant/tool rounds). */
const KEEP_TAIL = 4;
const RESULT_PREVIEW = 600;

export const COMPACTION_MARKER = "<compaction-request>";

const SUMMARY_SYSTEM =
  "You summarise the work an engineering agent has done so far, so it can continue without the full transcript. " +
  "Keep: what the task is, files read and what matters in them, changes made (file and what), commands run and their outcome, open problems and next steps. Be factual and compact.";

/** Whether the conversation is near the budget: compaction starts at 75% of it. */
export function needsCompaction(lastPromptTokens: number, budget: number) {
  return lastPromptTokens >= budget * 0.75;
}

/**
 * Replaces the middle of the conversation with a model-written summary: the task
 * (first message) and the last rounds stay; everything between is summarised.
 * Returns null when there is nothing old enough to drop.
 */
export async function compactConversation(options: {
  client: ModelClient;
  model: string;
  messages: Message[];
  signal?: AbortSignal;
}): Promise<{ messages: Message[]; dropped: number; summary: string; usage: Usage } | null> {
  const { messages } = options;
  let cut = messages.length - KEEP_TAIL;
  // The kept tail starts with an assistant turn so every tool result keeps its call.
  while (cut > 1 && messages[cut]!.role !== "assistant") cut--;
  if (cut <= 1) return null;
  const dropped = messages.slice(1, cut);
  const turn = await options.client.complete({
    model: options.model,
    system: SUMMARY_SYSTEM,
    messages: [{ role: "user", content: [{ type: "text", text: `${COMPACTION_MARKER}\n${renderTranscript(dropped)}` }] }],
    tools: [],
    maxOutputTokens: 4_000,
    signal: options.signal,
  });
  const task = messages[0] as UserMessage;
  const summaryPart: TextPart = {
    type: "text",
    text: `<summary-of-earlier-work>\n${turn.text.trim()}\n</summary-of-earlier-work>`,
  };
  // Earlier summaries are replaced, not stacked.
  const taskParts = task.content.filter((part) => !(part.type === "text" && part.text.startsWith("<summary-of-earlier-work>")));
  return {
    messages: [{ role: "user", content: [...taskParts, summaryPart] }, ...messages.slice(cut)],
    dropped: dropped.length,
    summary: turn.text,
    usage: turn.usage,
  };
}

function renderTranscript(messages: Message[]) {
  const lines: string[] = [];
  for (const message of messages) {
    for (const part of message.content) {
      if (part.type === "text") lines.push(`${message.role}: ${part.text}`);
      else if (part.type === "tool_call")
        lines.push(`assistant called ${part.name}(${JSON.stringify(part.input ?? part.invalidInput).slice(0, 400)})`);
      else if (part.type === "tool_result")
        lines.push(`${part.isError ? "tool error" : "tool result"}: ${part.content.slice(0, RESULT_PREVIEW)}`);
      else lines.push(`${message.role}: [image]`);
    }
  }
  return lines.join("\n");
}
