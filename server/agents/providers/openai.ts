import type OpenAI from "openai";
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import type { Message, ModelClient, ModelRequest, ModelTurn, ToolCallPart } from "../types";
import { parseToolArguments, toModelError } from "./errors";

/**
 * Codex (and any OpenAI-compatible server) through Chat Completions with
 * streaming function calls — the API self-hosted servers implement.
 */
export function createCodexClient(options: { apiKey?: string; baseURL?: string; maxRetries?: number }): ModelClient {
  // The SDK is loaded with the first call: a process that never runs Codex never pays for it.
  let connected: Promise<{ sdk: typeof OpenAI; client: OpenAI }> | undefined;
  const connect = () =>
    (connected ??= import("openai").then(({ default: sdk }) => ({
      sdk,
      client: new sdk({
        // Self-hosted servers often need no key; the SDK insists on one.
        apiKey: options.apiKey ?? "not-needed",
        baseURL: options.baseURL,
        maxRetries: options.maxRetries ?? 4,
      }),
    })));
  return {
    provider: "codex",
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

async function streamTurn(client: OpenAI, request: ModelRequest): Promise<ModelTurn> {
  const stream = await client.chat.completions.create(
    {
      model: request.model,
      messages: toOpenAIMessages(request.system, request.messages),
      tools: request.tools.map((tool): ChatCompletionTool => ({
        type: "function",
        function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
      })),
      stream: true,
      stream_options: { include_usage: true },
    },
    { signal: request.signal },
  );

  let text = "";
  let stopReason: string | null = null;
  const usage = { inputTokens: 0, outputTokens: 0 };
  const calls = new Map<number, { id: string; name: string; args: string }>();
  for await (const chunk of stream) {
    if (chunk.usage) {
      usage.inputTokens = chunk.usage.prompt_tokens;
      usage.outputTokens = chunk.usage.completion_tokens;
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta;
    if (delta?.content) {
      text += delta.content;
      request.onText?.(delta.content);
    }
    for (const call of delta?.tool_calls ?? []) {
      let entry = calls.get(call.index);
      if (!entry) calls.set(call.index, (entry = { id: "", name: "", args: "" }));
      if (call.id) entry.id = call.id;
      if (call.function?.name) entry.name += call.function.name;
      if (call.function?.arguments) entry.args += call.function.arguments;
    }
    if (choice.finish_reason) stopReason = choice.finish_reason;
  }
  if (stopReason === null) throw new Error("The model's stream ended without a finish reason.");
  const toolCalls: ToolCallPart[] = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]) => ({
      type: "tool_call",
      id: call.id || `call_${index}`,
      name: call.name,
      ...parseToolArguments(call.args || "{}"),
    }));
  return { text, toolCalls, usage, stopReason };
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
