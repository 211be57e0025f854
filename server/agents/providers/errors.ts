import { ModelError, TransientModelError, type ToolCallPart } from "../types";

type SdkModule = {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
};

/**
 * Sorts an SDK failure into: aborted (rethrown as is), transient (the stream was
 * cut or the connection dropped after the SDK's own retries of 429/5xx), or a
 * model error with the status and the API's message.
 */
export function toModelError(error: unknown, sdk: SdkModule): unknown {
  if (error instanceof sdk.APIUserAbortError) return error;
  if (error instanceof Error && error.name === "AbortError") return error;
  if (error instanceof sdk.APIConnectionError)
    return new TransientModelError(`Lost the connection to the model: ${error.message}`, { cause: error });
  if (error instanceof sdk.APIError) {
    const status = error.status;
    return new ModelError(`The model API answered ${status ?? "an error"}: ${error.message}`, status, { cause: error });
  }
  // Anything raised while reading the stream (a socket closed mid-way, a torn SSE event).
  if (error instanceof Error) return new TransientModelError(`The model's stream broke off: ${error.message}`, { cause: error });
  return error;
}

/** Parses tool arguments; invalid JSON is kept raw so the tool can report it to the model. */
export function parseToolArguments(raw: string): Pick<ToolCallPart, "input" | "invalidInput"> {
  try {
    return { input: JSON.parse(raw) as unknown };
  } catch {
    return { input: undefined, invalidInput: raw };
  }
}
