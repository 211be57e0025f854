import type { AgentProvider } from "../../db/schema";

/**
 * The provider-neutral conversation the agent loop keeps. Providers translate
 * it to their wire format (Anthropic content blocks, OpenAI chat messages).
 */
export type TextPart = { type: "text"; text: string };
export type ImagePart = { type: "image"; mediaType: string; dataBase64: string };
export type ToolCallPart = {
  type: "tool_call";
  id: string;
  name: string;
  /** Parsed arguments; `undefined` when the model sent arguments that are not valid JSON. */
  input: unknown;
  /** The raw argument text when it could not be parsed, so the tool can say what was wrong. */
  invalidInput?: string;
};
export type ToolResultPart = { type: "tool_result"; toolCallId: string; content: string; isError: boolean };
/**
 * State a provider needs back verbatim on the next call and no other provider reads: OpenAI's
 * reasoning items (with `store: false` nothing is kept server-side, and the function calls a
 * reasoning item led to are refused without it), Claude's thinking and redacted_thinking blocks
 * (signed; during tool use the API refuses a turn without them). Other providers skip it.
 */
export type OpaquePart = { type: "opaque"; provider: "openai-responses" | "anthropic"; data: Record<string, unknown> };

export type UserMessage = { role: "user"; content: Array<TextPart | ImagePart | ToolResultPart> };
export type AssistantMessage = { role: "assistant"; content: Array<TextPart | ToolCallPart | OpaquePart> };
export type Message = UserMessage | AssistantMessage;

export type ToolSpec = {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
};

/**
 * Tokens of one model call, split the way providers price them.
 * `inputTokens` counts only input read at the full price: Anthropic's `input_tokens`, or OpenAI's
 * `prompt_tokens` minus `cached_tokens`. Cache writes and reads are counted apart (Anthropic's
 * `cache_creation_input_tokens`/`cache_read_input_tokens`, OpenAI's `cached_tokens`), so the whole
 * prompt is their sum. `reasoningTokens` are part of `outputTokens` (OpenAI reports them inside
 * `completion_tokens`; Claude's thinking is billed as output), shown apart, never priced twice.
 */
export type Usage = {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
  reasoningTokens?: number;
};

/** Every input token of a call, fresh, written and read, as the context window counts them. */
export function promptTokens(usage: Usage) {
  return usage.inputTokens + (usage.cacheWriteTokens ?? 0) + (usage.cacheReadTokens ?? 0);
}

export type ModelTurn = {
  text: string;
  toolCalls: ToolCallPart[];
  usage: Usage;
  /** `tool_use`/`tool_calls`, `end_turn`/`stop`, `max_tokens`/`length`… as the provider says it. */
  stopReason: string | null;
  /** Provider state to keep in the assistant message, before its text and calls (see OpaquePart). */
  opaque?: OpaquePart[];
};

export type ReasoningEffort = "low" | "medium" | "high";

export type ModelRequest = {
  model: string;
  system: string;
  messages: Message[];
  tools: ToolSpec[];
  maxOutputTokens: number;
  signal?: AbortSignal;
  /** Called with each piece of text as the model generates it. */
  onText?: (delta: string) => void;
  /** The transcript id of the message being generated (a remote client streams it under this id). */
  messageId?: string;
  /** Routes the calls of one conversation to the same prompt cache (OpenAI's `prompt_cache_key`). */
  cacheKey?: string;
  /** How hard a reasoning model thinks (OpenAI's `reasoning.effort`); ignored by models that do not reason. */
  reasoningEffort?: ReasoningEffort;
};

/** One interface over both providers. */
export interface ModelClient {
  readonly provider: AgentProvider;
  complete(request: ModelRequest): Promise<ModelTurn>;
}

/** A model call failed in a way a retry of the same turn may fix (a cut stream, a reset connection). */
export class TransientModelError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TransientModelError";
  }
}

/** A model call failed for good (bad key, unknown model, retries exhausted). */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelError";
  }
}

/** The prompt no longer fits the model's context window (a 400 "prompt is too long"); compacting may fix it. */
export class ContextOverflowError extends ModelError {
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, status, options);
    this.name = "ContextOverflowError";
  }
}

/**
 * The request body is over the provider's byte limit (Anthropic's 413 request_too_large, 32 MB):
 * big images and tool outputs, not tokens. Compacting drops or masks old ones, so the loop treats it as an overflow.
 */
export class RequestTooLargeError extends ContextOverflowError {
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, status, options);
    this.name = "RequestTooLargeError";
  }
}
