import { Readable } from "node:stream";
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from "express";

/**
 * Members of the request that a body reader uses; a replayed request answers
 * them from its buffer, everything else (headers, url, host) from the request.
 */
const STREAM_MEMBERS = new Set<PropertyKey>([
  "on",
  "once",
  "off",
  "addListener",
  "removeListener",
  "removeAllListeners",
  "emit",
  "pause",
  "resume",
  "destroy",
  "read",
  "pipe",
  "unpipe",
  "readable",
  "readableEnded",
  "readableHighWaterMark",
  "isPaused",
  Symbol.asyncIterator,
]);

/** The request with its body served again from `body`, for a handler that reads the stream itself (Remix). */
function replayed(req: Request, body: Buffer): Request {
  const replay = Readable.from([body]);
  return new Proxy(req, {
    get(target, property, receiver) {
      if (!STREAM_MEMBERS.has(property)) return Reflect.get(target, property, receiver) as unknown;
      const value = Reflect.get(replay, property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(replay) : value;
    },
  });
}

/**
 * Reads a body into memory, counting the bytes that arrive — with or without
 * Content-Length, chunked or not — and answers 413 once there are more than
 * `limit`, before anything parses it. Encoded bodies (`Content-Encoding: gzip`)
 * are refused with 415: nothing behind this decodes them. Then `handler` gets
 * the request with the body to read as usual.
 */
export function withBodyLimit(limit: number, handler: RequestHandler): RequestHandler {
  const read = express.raw({ type: () => true, limit, inflate: false });
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return handler(req, res, next);
    read(req, res, (error?: unknown) => {
      if (error) return next(error);
      return handler(Buffer.isBuffer(req.body) ? replayed(req, req.body) : req, res, next);
    });
  };
}

/** Refuses encoded bodies with 415, for transports that count bytes themselves but decode nothing (tRPC). */
export const refuseEncodedBodies: RequestHandler = (req, res, next) => {
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase();
  if (encoding && encoding !== "identity") res.status(415).type("text/plain").send(`Unsupported Content-Encoding: ${encoding}.`);
  else next();
};

/** body-parser's 413 (too large) and 415 (encoding) as short plain answers rather than Express's HTML page. */
export const bodyErrors: ErrorRequestHandler = (error: { status?: number; type?: string }, _req, res, next) => {
  if (error.type === "entity.too.large") res.status(413).type("text/plain").send("Request body too large.");
  else if (error.type === "encoding.unsupported") res.status(415).type("text/plain").send("Unsupported Content-Encoding.");
  else next(error);
};
