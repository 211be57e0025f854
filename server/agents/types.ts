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

export type UserMessage = { role: "user"; content: Array<TextPart | ImagePart | ToolResultPart> };
export type AssistantMessage = { role: "assistant"; content: Array<TextPart | ToolCallPart> };
export type Message = UserMessage | AssistantMessage;

export type ToolSpec = {
  name: string;
  description: string;
  /** JSON Schema of the input object. */
  inputSchema: Record<string, unknown>;
};

export type Usage = { inputTokens: number; outputTokens: number };

export type ModelTurn = {
  text: string;
  toolCalls: ToolCallPart[];
  usage: Usage;
  /** `tool_use`/`tool_calls`, `end_turn`/`stop`, `max_tokens`/`length`… as the provider says it. */
  stopReason: string | null;
};

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
