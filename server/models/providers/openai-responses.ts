import type OpenAI from "openai";
import type { FunctionTool, ResponseInputContent, ResponseInputItem, ResponseUsage } from "openai/resources/responses/responses";
import {
  ModelError,
  TransientModelError,
  type Message,
  type ModelRequest,
  type ModelTurn,
  type OpaquePart,
  type ToolCallPart,
  type Usage,
} from "../types";
import { parseToolArguments } from "./errors";

/**
 * One turn through OpenAI's Responses API, streamed. Nothing is stored at
 * OpenAI (`store: false`), so every call sends the whole conversation, and a
 * reasoning model's reasoning items come back encrypted
 * (`include: ["reasoning.encrypted_content"]`) to be replayed, each before the
 * output item that followed it — the API refuses function calls without the
 * reasoning that led to them.
 */
export async function streamResponsesTurn(client: OpenAI, request: ModelRequest): Promise<ModelTurn> {
  const reasons = isReasoningModel(request.model);
  const stream = await client.responses.create(
    {
      model: request.model,
      instructions: request.system,
      input: toResponsesInput(request.messages),
      // Our tools' schemas have optional fields, which strict mode forbids.
      ...(request.tools.length
        ? {
            tools: request.tools.map((tool): FunctionTool => ({
              type: "function",
              name: tool.name,
              description: tool.description,
              parameters: tool.inputSchema,
              strict: false,
            })),
          }
        : {}),
      max_output_tokens: request.maxOutputTokens,
      store: false,
      ...(reasons
        ? { reasoning: { effort: request.reasoningEffort ?? "medium" }, include: ["reasoning.encrypted_content"] }
        : {}),
      ...(request.cacheKey ? { prompt_cache_key: request.cacheKey } : {}),
      stream: true,
    },
    { signal: request.signal },
  );

  let text = "";
  const toolCalls: ToolCallPart[] = [];
  const opaque: OpaquePart[] = [];
  let unplaced: Array<Record<string, unknown>> = [];
  for await (const event of stream) {
    switch (event.type) {
      case "response.output_text.delta":
      case "response.refusal.delta":
        text += event.delta;
        request.onText?.(event.delta);
        break;
      case "response.output_item.added":
        if (event.item.type !== "reasoning") {
          // A reasoning item goes back before the item that followed it: a call, or the message's start.
          const beforeCallId = event.item.type === "function_call" ? event.item.call_id : undefined;
          opaque.push(...unplaced.map((item) => reasoningPart(item, beforeCallId)));
          unplaced = [];
        }
        break;
      case "response.output_item.done":
        if (event.item.type === "reasoning") unplaced.push({ ...event.item });
        else if (event.item.type === "function_call") {
          const { call_id: id, name, arguments: args } = event.item;
          toolCalls.push({ type: "tool_call", id, name, ...parseToolArguments(args || "{}") });
        }
        break;
      case "response.completed":
      case "response.incomplete": {
        opaque.push(...unplaced.map((item) => reasoningPart(item, undefined)));
        const { incomplete_details: incomplete, usage } = event.response;
        if (incomplete?.reason === "content_filter") {
          throw new ModelError("The model's reply was stopped by OpenAI's content filter.");
        }
        // An output cut at max_output_tokens reads as Chat's `length`, which the loop answers with "continue".
        const stopReason = incomplete ? "length" : toolCalls.length ? "tool_calls" : "stop";
        return { text, toolCalls, usage: toUsage(usage), stopReason, ...(opaque.length ? { opaque } : {}) };
      }
      case "response.failed":
        throw responseError(event.response.error?.code ?? null, event.response.error?.message ?? "The response failed.");
      case "error":
        throw responseError(event.code, event.message);
    }
  }
  throw new Error("The model's stream ended before response.completed.");
}

/** Reasoning models take `reasoning.effort` and return reasoning items; others refuse the parameter. */
export function isReasoningModel(model: string) {
  return /^(o\d|gpt-5)/.test(model) || model.includes("codex");
}

/** Only reasoning items go back, with what the API needs to decrypt them. */
function reasoningPart(item: Record<string, unknown>, beforeCallId: string | undefined): OpaquePart {
  const { id, summary, encrypted_content } = item;
  const data = { item: { type: "reasoning", id, summary: summary ?? [], encrypted_content }, beforeCallId };
  return { type: "opaque", provider: "openai-responses", data };
}

/** `server_error`, rate limits and overload are worth a retry of the turn; anything else is final. */
function responseError(code: string | null, message: string) {
  const text = `The model's response failed (${code ?? "no code"}): ${message}`;
  if (code && /server_error|rate_limit|overloaded|slow_down/.test(code)) return new TransientModelError(text);
  return new ModelError(text);
}

function toUsage(usage: ResponseUsage | undefined): Usage {
  if (!usage) return { inputTokens: 0, outputTokens: 0 };
  const cached = usage.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens - cached,
    outputTokens: usage.output_tokens,
    ...(cached ? { cacheReadTokens: cached } : {}),
    ...(reasoning ? { reasoningTokens: reasoning } : {}),
  };
}

export function toResponsesInput(messages: Message[]): ResponseInputItem[] {
  const input: ResponseInputItem[] = [];
  for (const message of messages) {
    if (message.role === "assistant") {
      input.push(...assistantItems(message.content));
      continue;
    }
    // Results answer the calls just before them; the user's own words follow.
    for (const part of message.content)
      if (part.type === "tool_result")
        input.push({
          type: "function_call_output",
          call_id: part.toolCallId,
          output: part.isError ? `Error: ${part.content}` : part.content,
        });
    const content: ResponseInputContent[] = [];
    for (const part of message.content) {
      if (part.type === "text") content.push({ type: "input_text", text: part.text });
      else if (part.type === "image")
        content.push({ type: "input_image", image_url: `data:${part.mediaType};base64,${part.dataBase64}`, detail: "auto" });
    }
    if (content.length) input.push({ role: "user", content });
  }
  return input;
}

function assistantItems(parts: Message["content"]): ResponseInputItem[] {
  const reasoning = parts.flatMap((part) => (part.type === "opaque" && part.provider === "openai-responses" ? [part.data] : []));
  const before = (callId: string | undefined) =>
    reasoning.filter((data) => data.beforeCallId === callId).map((data) => data.item as ResponseInputItem);
  const text = parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const calls = parts.flatMap((part) => (part.type === "tool_call" ? [part] : []));
  // A reasoning item with nothing after it is refused: an empty turn goes back empty.
  if (!text && calls.length === 0) return [];
  const items: ResponseInputItem[] = [...before(undefined)];
  if (text) items.push({ role: "assistant", content: text });
  for (const call of calls) {
    items.push(...before(call.id), {
      type: "function_call",
      call_id: call.id,
      name: call.name,
      arguments: call.invalidInput ?? JSON.stringify(call.input ?? {}),
    });
  }
  return items;
}
