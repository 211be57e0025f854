import type Anthropic from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, Tool } from "@anthropic-ai/sdk/resources/messages";
import type { Message, ModelClient, ModelRequest, ModelTurn, ToolCallPart } from "../types";
import { parseToolArguments, toModelError } from "./errors";

/**
 * Claude through the Messages API with streaming and tool use. The raw event
 * stream is assembled here (not by the SDK's MessageStream) so tool arguments
 * that are not valid JSON reach the tool as an error instead of failing the turn.
 */
export function createClaudeClient(options: { apiKey: string; baseURL?: string; maxRetries?: number }): ModelClient {
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
        return await streamTurn(client, request);
      } catch (error) {
        throw toModelError(error, sdk);
      }
    },
  };
}

async function streamTurn(client: Anthropic, request: ModelRequest): Promise<ModelTurn> {
  const stream = await client.messages.create(
    {
      model: request.model,
      max_tokens: request.maxOutputTokens,
      system: request.system,
      messages: toAnthropicMessages(request.messages),
      tools: request.tools.map((tool): Tool => ({
        name: tool.name,
        description: tool.description,
        input_schema: tool.inputSchema as Tool["input_schema"],
      })),
      stream: true,
    },
    { signal: request.signal },
  );

  let text = "";
  let stopReason: string | null = null;
  const usage = { inputTokens: 0, outputTokens: 0 };
  const toolBlocks = new Map<number, { id: string; name: string; json: string }>();
  let sawStop = false;
  for await (const event of stream) {
    switch (event.type) {
      case "message_start":
        usage.inputTokens = event.message.usage.input_tokens + (event.message.usage.cache_read_input_tokens ?? 0);
        usage.outputTokens = event.message.usage.output_tokens;
        break;
      case "content_block_start":
        if (event.content_block.type === "tool_use") {
          toolBlocks.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: "" });
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
        }
        break;
      case "message_delta":
        stopReason = event.delta.stop_reason;
        usage.outputTokens = event.usage.output_tokens;
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
  return { text, toolCalls, usage, stopReason };
}

export function toAnthropicMessages(messages: Message[]): MessageParam[] {
  return messages.map((message): MessageParam => {
    if (message.role === "assistant") {
      const content: ContentBlockParam[] = [];
      for (const part of message.content) {
        if (part.type === "text") {
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
