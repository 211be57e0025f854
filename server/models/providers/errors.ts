import { ContextOverflowError, ModelError, RequestTooLargeError, TransientModelError, type ToolCallPart } from "../types";

type SdkModule = {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined; type?: string | null; code?: unknown };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
};

/**
 * Sorts an SDK failure into: aborted (rethrown as is), transient (the stream was
 * cut or the connection dropped after the SDK's own retries of 429/5xx), or a
 * model error with the status and the API's message. An error event inside a
 * stream (Anthropic's `overloaded_error`/`api_error`, which the SDK throws as an
 * APIError without a status and does not retry) is transient too, as is a
 * failure reported in a Chat Completions error chunk (`data: {"error": ...}`)
 * by OpenAI ("server_error"), vLLM (a 5xx `code`) or Ollama ("api_error"); any
 * other error inside a stream fails the run with what the server said. A prompt
 * over the context window is a ContextOverflowError, so the loop can compact; so
 * is a body over Anthropic's 32 MB (a 413 request_too_large), as a RequestTooLargeError.
 */
export function toModelError(error: unknown, sdk: SdkModule): unknown {
  if (error instanceof sdk.APIUserAbortError) return error;
  if (error instanceof Error && error.name === "AbortError") return error;
  if (error instanceof sdk.APIConnectionError)
    return new TransientModelError(`Lost the connection to the model: ${error.message}`, { cause: error });
  if (error instanceof sdk.APIError) {
    const status = error.status;
    if (status === undefined && isTransientStreamError(error))
      return new TransientModelError(`The model's stream reported ${error.type ?? "an error"}: ${error.message}`, {
        cause: error,
      });
    if (status === 400 && CONTEXT_OVERFLOW.test(error.message))
      return new ContextOverflowError(`The prompt no longer fits the model's context window: ${error.message}`, status, {
        cause: error,
      });
    if (status === 413 || error.type === "request_too_large") {
      const limit = error.type === "request_too_large" ? "Anthropic's 32 MB limit" : "the model API accepts";
      return new RequestTooLargeError(
        `The request to the model is larger than ${limit} — remove large images or files from the conversation (${error.message})`,
        status,
        { cause: error },
      );
    }
    if (status === undefined)
      return new ModelError(
        `The model's stream reported an error${error.type ? ` (${error.type})` : ""}: ${error.message}`,
        undefined,
        { cause: error },
      );
    return new ModelError(`The model API answered ${status}: ${error.message}`, status, { cause: error });
  }
  // Anything raised while reading the stream (a socket closed mid-way, a torn SSE event).
  if (error instanceof Error) return new TransientModelError(`The model's stream broke off: ${error.message}`, { cause: error });
  return error;
}

/** Anthropic's overloaded_error and api_error; OpenAI's server_error; vLLM's names for its 5xx; Ollama's api_error. */
const TRANSIENT_STREAM_ERRORS = new Set([
  "overloaded_error",
  "api_error",
  "server_error",
  "InternalServerError",
  "ServiceUnavailableError",
]);

/** An error event or chunk inside a stream that a new attempt can get past: the server's failure or overload, or a 429. */
function isTransientStreamError(error: { type?: string | null; code?: unknown; message: string }) {
  if (TRANSIENT_STREAM_ERRORS.has(error.type ?? "")) return true;
  // vLLM (and servers modelled on it) put the HTTP status in `code`.
  const code = typeof error.code === "number" ? error.code : Number.NaN;
  if (code >= 500 || code === 429) return true;
  return /\boverloaded\b/i.test(error.message);
}
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
