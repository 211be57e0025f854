import type OpenAI from "openai";
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { ModelError, type Message, type ModelRequest, type ModelTurn, type Usage } from "../types";
import { ToolCallDeltas } from "./tool-call-deltas";

/**
 * One turn through Chat Completions with streaming function calls — the API
 * OpenAI-compatible servers (vLLM, Ollama, LM Studio) implement. `max_tokens`
 * caps the output: those servers all take it (OpenAI itself wants
 * `max_completion_tokens` for its reasoning models, which go through the Responses API).
 */
export async function streamChatTurn(client: OpenAI, request: ModelRequest): Promise<ModelTurn> {
  const tools = request.tools.map((tool): ChatCompletionTool => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
  const stream = await client.chat.completions.create(
    {
      model: request.model,
      messages: toOpenAIMessages(request.system, request.messages),
      // vLLM and OpenAI answer 400 to `tools: []`: a call without tools (compaction) leaves the field out.
      ...(tools.length ? { tools } : {}),
      max_tokens: request.maxOutputTokens,
      stream: true,
      stream_options: { include_usage: true },
    },
    { signal: request.signal },
  );

  let text = "";
  let stopReason: string | null = null;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const calls = new ToolCallDeltas();
  for await (const chunk of stream) {
    if (chunk.usage) {
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
      usage.inputTokens = chunk.usage.prompt_tokens - cached;
      usage.outputTokens = chunk.usage.completion_tokens;
      if (cached) usage.cacheReadTokens = cached;
      const reasoning = chunk.usage.completion_tokens_details?.reasoning_tokens;
      if (reasoning) usage.reasoningTokens = reasoning;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta;
    if (delta?.content) {
      text += delta.content;
      request.onText?.(delta.content);
    }
    for (const call of delta?.tool_calls ?? []) calls.add(call);
    if (choice.finish_reason) stopReason = choice.finish_reason;
  }
  if (stopReason === null) throw new Error("The model's stream ended without a finish reason.");
  if (stopReason === "content_filter") throw new ModelError("The model's reply was stopped by the provider's content filter.");
  return { text, toolCalls: calls.toolCalls(), usage, stopReason };
}

export function toOpenAIMessages(system: string, messages: Message[]): ChatCompletionMessageParam[] {
  const result: ChatCompletionMessageParam[] = [{ role: "system", content: system }];
  for (const message of messages) {
    if (message.role === "assistant") {
      const text = message.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      const toolCalls = message.content.flatMap((part) =>
        part.type === "tool_call"
          ? [
              {
                id: part.id,
                type: "function" as const,
                function: { name: part.name, arguments: part.invalidInput ?? JSON.stringify(part.input ?? {}) },
              },
            ]
          : [],
      );
      result.push({ role: "assistant", content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
      continue;
    }
    // Tool results are messages of their own, right after the assistant's calls.
    for (const part of message.content)
      if (part.type === "tool_result")
        result.push({
          role: "tool",
          tool_call_id: part.toolCallId,
          content: part.isError ? `Error: ${part.content}` : part.content,
        });
    const parts: ChatCompletionContentPart[] = [];
    for (const part of message.content) {
      if (part.type === "text") parts.push({ type: "text", text: part.text });
      else if (part.type === "image")
        parts.push({ type: "image_url", image_url: { url: `data:${part.mediaType};base64,${part.dataBase64}` } });
    }
    if (parts.length === 0) continue;
    const onlyText = parts.every((part) => part.type === "text");
    result.push({
      role: "user",
      content: onlyText ? parts.map((part) => (part as { text: string }).text).join("\n\n") : parts,
    });
  }
  return result;
}
