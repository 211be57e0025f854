import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ToolCallPart } from "../types";
import { parseToolArguments } from "./errors";

type Delta = ChatCompletionChunk.Choice.Delta.ToolCall;

/**
 * Assembles streamed Chat Completions tool calls. OpenAI gives each call its
 * own `index` and sends the `id` only in its first delta; Ollama sends every
 * call whole with `index: 0`, so a delta with a new `id` starts a new call even
 * at an index already in use, and a delta without one continues the call at its index.
 */
export class ToolCallDeltas {
  readonly #calls: Array<{ id: string; name: string; args: string }> = [];
  readonly #atIndex = new Map<number, { id: string; name: string; args: string }>();

  add(delta: Delta) {
    let call = this.#atIndex.get(delta.index);
    if (!call || (delta.id && call.id && delta.id !== call.id)) {
      call = { id: "", name: "", args: "" };
      this.#calls.push(call);
      this.#atIndex.set(delta.index, call);
    }
    if (delta.id) call.id = delta.id;
    if (delta.function?.name) call.name += delta.function.name;
    if (delta.function?.arguments) call.args += delta.function.arguments;
  }

  toolCalls(): ToolCallPart[] {
    return this.#calls.map((call, position) => ({
      type: "tool_call",
      id: call.id || `call_${position}`,
      name: call.name,
      ...parseToolArguments(call.args || "{}"),
    }));
  }
}
