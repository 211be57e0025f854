import type http from "node:http";
import { randomId, sendJson, type ChunkErrorKind, type ChunkErrorServer } from "./model-script";

/** The fields of OpenAI's error body `{"error":{message,type,param,code}}`. */
export type ErrorFields = { message: string; type?: string; param?: string | null; code?: string | null };

/** Scripted faults, with the type and code the real API uses for each status. */
const FAULTS: Record<number, Required<Pick<ErrorFields, "message" | "type" | "code">>> = {
  429: { message: "Rate limit reached for requests (scripted fault).", type: "requests", code: "rate_limit_exceeded" },
  500: {
    message: "The server had an error while processing your request. Sorry about that! (scripted fault)",
    type: "server_error",
    code: null,
  },
  503: {
    message: "The engine is currently overloaded, please try again later. (scripted fault)",
    type: "server_error",
    code: null,
  },
  529: { message: "Overloaded (scripted fault).", type: "server_error", code: null },
};

export function sendFault(res: http.ServerResponse, status: number, retryAfterSeconds?: number) {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) };
  sendError(res, status, FAULTS[status] ?? { message: "Scripted fault.", type: "server_error", code: null }, headers);
}

export function sendError(res: http.ServerResponse, status: number, fields: ErrorFields, headers: Record<string, string> = {}) {
  const error = {
    message: fields.message,
    type: fields.type ?? "invalid_request_error",
    param: fields.param ?? null,
    code: fields.code ?? null,
  };
  sendJson(res, status, { error }, { ...requestIdHeader(), ...headers });
}

export function requestIdHeader(): Record<string, string> {
  return { "x-request-id": randomId("req_", 32) };
}

/**
 * The error object an OpenAI-compatible server puts in a `data:` chunk when a stream fails after
 * it started (the HTTP status is already 200): `{"error": {...}}` in each server's own fields.
 * OpenAI: `type` "server_error" (code null) or "invalid_request_error" with a string code. vLLM
 * (`create_streaming_error_response`): its exception's class name as `type` and the HTTP status
 * as a number in `code`. Ollama's OpenAI layer: "api_error" for a failure inside it,
 * "invalid_request_error" for a request it refuses, code null.
 */
export function chunkErrorBody(server: ChunkErrorServer, kind: ChunkErrorKind): { error: Record<string, unknown> } {
  const messages: Record<ChunkErrorKind, string> = {
    server_error: "The server had an error while processing your request. Sorry about that! (scripted fault)",
    overloaded: "The engine is currently overloaded, please try again later. (scripted fault)",
    bad_request: "The prompt contains tokens the model cannot take. (scripted fault)",
  };
  const message = messages[kind];
  if (server === "vllm") {
    const [type, code] =
      kind === "bad_request"
        ? ["BadRequestError", 400]
        : kind === "overloaded"
          ? ["ServiceUnavailableError", 503]
          : ["InternalServerError", 500];
    return { error: { object: "error", message, type, param: null, code } };
  }
  if (server === "ollama")
    return { error: { message, type: kind === "bad_request" ? "invalid_request_error" : "api_error", param: null, code: null } };
  if (kind === "bad_request") return { error: { message, type: "invalid_request_error", param: null, code: "invalid_prompt" } };
  return { error: { message, type: "server_error", param: null, code: null } };
}
