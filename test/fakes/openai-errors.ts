import type http from "node:http";
import { randomId, sendJson } from "./model-script";

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
