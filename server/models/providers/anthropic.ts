import type Anthropic from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import type { AgentMode } from "../../../db/schema";
import { modelInfo } from "../catalog";
import type { Message, ModelClient, ModelRequest, ModelTurn, OpaquePart, ToolCallPart, Usage } from "../types";
import { parseToolArguments, toModelError } from "./errors";

/**
 * Claude through the Messages API with streaming and tool use. The raw event
 * stream is assembled here (not by the SDK's MessageStream) so tool arguments
 * that are not valid JSON reach the tool as an error instead of failing the turn.
 *
 * Prompt caching: breakpoints on the last tool, the system prompt, and the last
 * block of the newest message and of the user message before it. Each turn then
 * reads the previous turn's whole prompt from the cache (0.1× the input price)
 * and writes only what the turn added (1.25×); the cache matches prefixes in the
 * order tools → system → messages, so nothing before a breakpoint may change.
 *
 * Extended thinking (`thinkingBudgetTokens`, on models the catalog marks): the
 * thinking and redacted_thinking blocks come back as opaque parts and are sent
 * back unchanged, signature and all, as the API requires during tool use. No
 * temperature is sent (thinking refuses one), and `max_tokens` is the answer's
 * room plus the thinking budget. Thinking is billed as output tokens, and the
 * API counts it in `output_tokens`.
 */
export function createClaudeClient(options: {
  apiKey: string;
  baseURL?: string;
  maxRetries?: number;
  /** Default true; off only to measure what caching saves (bench:agent-cost). */
  promptCaching?: boolean;
  /** Extended thinking's `budget_tokens` (at least 1024); unset: no thinking. */
  thinkingBudgetTokens?: number;
}): ModelClient {
  // The SDK is loaded with the first call: a process that never runs Claude never pays for it.
  let connected: Promise<{ sdk: typeof Anthropic; client: Anthropic }> | undefined;
  const connect = () =>
    (connected ??= import("@anthropic-ai/sdk").then(({ default: sdk }) => ({
      sdk,
      client: new sdk({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.maxRetries ?? 4 }),
    })));
  return {
    provider: "claude",
    async complete(request) {
      const { sdk, client } = await connect();
      try {
        const thinking = modelInfo(request.model)?.thinking ? options.thinkingBudgetTokens : undefined;
        return await streamTurn(client, request, options.promptCaching ?? true, thinking);
      } catch (error) {
        throw toModelError(error, sdk);
      }
    },
  };
}

/**
 * Plan, review and bugfix turn on reasoning before acting (what to propose, whether the code
 * is right, why it fails), so they think first; implement takes many short edit turns, where
 * thinking would mostly slow each one down.
 */
export function thinkingBudgetFor(mode: AgentMode): number | undefined {
  return mode === "implement" ? undefined : mode === "bugfix" ? 4_000 : 8_000;
}

async function streamTurn(
  client: Anthropic,
  request: ModelRequest,
  caching: boolean,
  thinkingBudget: number | undefined,
): Promise<ModelTurn> {
  const cacheControl = caching ? { cache_control: EPHEMERAL } : {};
  const messages = toAnthropicMessages(request.messages);
  const stream = await client.messages.create(
    {
      model: request.model,
      max_tokens: request.maxOutputTokens + (thinkingBudget ?? 0),
      ...(thinkingBudget ? { thinking: { type: "enabled" as const, budget_tokens: thinkingBudget } } : {}),
      system: request.system ? [{ type: "text", text: request.system, ...cacheControl }] : undefined,
      messages: caching ? withMessageBreakpoints(messages) : messages,
      tools: request.tools.map((tool, index): Tool => ({
        name: tool.name,
        description: tool.description,
        input_schema: tool.inputSchema as Tool["input_schema"],
        ...(index === request.tools.length - 1 ? cacheControl : {}),
      })),
      stream: true,
    },
    { signal: request.signal },
  );

  let text = "";
  let stopReason: string | null = null;
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };
  const toolBlocks = new Map<number, { id: string; name: string; json: string }>();
  const thinkingBlocks = new Map<number, Record<string, unknown>>();
  let sawStop = false;
  for await (const event of stream) {
    switch (event.type) {
      case "message_start":
        usage.inputTokens = event.message.usage.input_tokens;
        usage.cacheWriteTokens = event.message.usage.cache_creation_input_tokens ?? 0;
        usage.cacheReadTokens = event.message.usage.cache_read_input_tokens ?? 0;
        usage.outputTokens = event.message.usage.output_tokens;
        break;
      case "content_block_start":
        if (event.content_block.type === "tool_use") {
          toolBlocks.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: "" });
        } else if (event.content_block.type === "thinking") {
          thinkingBlocks.set(event.index, { type: "thinking", thinking: event.content_block.thinking, signature: "" });
        } else if (event.content_block.type === "redacted_thinking") {
          thinkingBlocks.set(event.index, { type: "redacted_thinking", data: event.content_block.data });
        } else if (event.content_block.type === "text" && event.content_block.text) {
          text += event.content_block.text;
          request.onText?.(event.content_block.text);
        }
        break;
      case "content_block_delta":
        if (event.delta.type === "text_delta") {
          text += event.delta.text;
          request.onText?.(event.delta.text);
        } else if (event.delta.type === "input_json_delta") {
          const block = toolBlocks.get(event.index);
          if (block) block.json += event.delta.partial_json;
        } else if (event.delta.type === "thinking_delta") {
          const block = thinkingBlocks.get(event.index);
          if (block) block.thinking = `${String(block.thinking)}${event.delta.thinking}`;
        } else if (event.delta.type === "signature_delta") {
          const block = thinkingBlocks.get(event.index);
          if (block) block.signature = event.delta.signature;
        }
        break;
      case "message_delta":
        stopReason = event.delta.stop_reason;
        usage.outputTokens = event.usage.output_tokens;
        // The final counts, when the API repeats them here, win over message_start's.
        usage.inputTokens = event.usage.input_tokens ?? usage.inputTokens;
        usage.cacheWriteTokens = event.usage.cache_creation_input_tokens ?? usage.cacheWriteTokens;
        usage.cacheReadTokens = event.usage.cache_read_input_tokens ?? usage.cacheReadTokens;
        break;
      case "message_stop":
        sawStop = true;
        break;
    }
  }
  if (!sawStop) throw new Error("The model's stream ended before message_stop.");
  const toolCalls: ToolCallPart[] = [...toolBlocks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, block]) => ({ type: "tool_call", id: block.id, name: block.name, ...parseToolArguments(block.json || "{}") }));
  const opaque: OpaquePart[] = [...thinkingBlocks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, data]) => ({ type: "opaque", provider: "anthropic", data }));
  return { text, toolCalls, usage, stopReason, ...(opaque.length ? { opaque } : {}) };
}

const EPHEMERAL = { type: "ephemeral" } as const;

/**
 * Marks the newest message's last block, so this turn's prompt is written to the
 * cache for the next one, and the last block of the user message before it,
 * where the previous turn wrote: the read is found however many blocks this
 * turn added (the API only looks back 20 blocks from a breakpoint).
 */
function withMessageBreakpoints(messages: MessageParam[]): MessageParam[] {
  const newest = messages.length - 1;
  const previousUser = messages.findLastIndex((message, index) => index < newest && message.role === "user");
  return messages.map((message, index) => {
    if (index !== newest && index !== previousUser) return message;
    const content = message.content as ContentBlockParam[];
    const last = content.at(-1);
    // Thinking blocks cannot carry a breakpoint.
    if (!last || last.type === "thinking" || last.type === "redacted_thinking") return message;
    const marked = { ...last, cache_control: EPHEMERAL } as ContentBlockParam;
    return { ...message, content: [...content.slice(0, -1), marked] } as MessageParam;
  });
}

export function toAnthropicMessages(messages: Message[]): MessageParam[] {
  return messages.map((message): MessageParam => {
    if (message.role === "assistant") {
      const content: ContentBlockParam[] = [];
      for (const part of message.content) {
        // Thinking goes back first and unchanged: its signature covers it.
        if (part.type === "opaque") {
          if (part.provider === "anthropic") content.push(part.data as unknown as ContentBlockParam);
        } else if (part.type === "text") {
          if (part.text) content.push({ type: "text", text: part.text });
        } else if (part.type === "tool_call") {
          // An unparseable call is replayed with an empty input; its error result follows.
          const input = part.input && typeof part.input === "object" ? (part.input as Record<string, unknown>) : {};
          content.push({ type: "tool_use", id: part.id, name: part.name, input });
        }
      }
      return { role: "assistant", content };
    }
    const content: ContentBlockParam[] = [];
    // Anthropic wants tool results first in a user turn.
    for (const part of message.content)
      if (part.type === "tool_result")
        content.push({ type: "tool_result", tool_use_id: part.toolCallId, content: part.content, is_error: part.isError });
    for (const part of message.content) {
      if (part.type === "text") content.push({ type: "text", text: part.text });
      else if (part.type === "image")
        content.push({
          type: "image",
          source: { type: "base64", media_type: part.mediaType as "image/png", data: part.dataBase64 },
        });
    }
    return { role: "user", content };
  });
}
