import { ContextOverflowError, ModelError, TransientModelError, type ToolCallPart } from "../types";

type SdkModule = {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined; type?: string | null };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
};

/**
 * Sorts an SDK failure into: aborted (rethrown as is), transient (the stream was
 * cut or the connection dropped after the SDK's own retries of 429/5xx), or a
 * model error with the status and the API's message. An error event inside a
 * stream (Anthropic's `overloaded_error`/`api_error`, which the SDK throws as an
 * APIError without a status and does not retry) is transient too; a prompt over
 * the context window is a ContextOverflowError, so the loop can compact.
 */
export function toModelError(error: unknown, sdk: SdkModule): unknown {
  if (error instanceof sdk.APIUserAbortError) return error;
  if (error instanceof Error && error.name === "AbortError") return error;
  if (error instanceof sdk.APIConnectionError)
    return new TransientModelError(`Lost the connection to the model: ${error.message}`, { cause: error });
  if (error instanceof sdk.APIError) {
    const status = error.status;
    if (status === undefined && TRANSIENT_STREAM_ERRORS.has(error.type ?? ""))
      return new TransientModelError(`The model's stream reported ${error.type}: ${error.message}`, { cause: error });
    if (status === 400 && CONTEXT_OVERFLOW.test(error.message))
      return new ContextOverflowError(`The prompt no longer fits the model's context window: ${error.message}`, status, {
        cause: error,
      });
    return new ModelError(`The model API answered ${status ?? "an error"}: ${error.message}`, status, { cause: error });
  }
  // Anything raised while reading the stream (a socket closed mid-way, a torn SSE event).
  if (error instanceof Error) return new TransientModelError(`The model's stream broke off: ${error.message}`, { cause: error });
  return error;
}

const TRANSIENT_STREAM_ERRORS = new Set(["overloaded_error", "api_error"]);
/** Anthropic's "prompt is too long: N tokens > M maximum"; OpenAI's context_length_exceeded. */
const CONTEXT_OVERFLOW = /prompt is too long|context_length_exceeded|maximum context length/i;

/** Parses tool arguments; invalid JSON is kept raw so the tool can report it to the model. */
export function parseToolArguments(raw: string): Pick<ToolCallPart, "input" | "invalidInput"> {
  try {
    return { input: JSON.parse(raw) as unknown };
  } catch {
    return { input: undefined, invalidInput: raw };
  }
}
