import type { IncomingHttpHeaders } from "node:http";
import { Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { ErrorRequestHandler, Request, RequestHandler } from "express";

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

/**
 * The request with its body served again from `body`, for a handler that reads
 * the stream itself (Remix, tRPC); a decoded body comes with the headers of what
 * it now is (no Content-Encoding, its own length).
 */
function replayed(req: Request, body: Buffer, decoded: boolean): Request {
  const replay = Readable.from([body]);
  const headers = decoded ? { ...withoutEncoding(req.headers), "content-length": String(body.length) } : req.headers;
  return new Proxy(req, {
    get(target, property, receiver) {
      if (property === "headers") return headers;
      // The bytes as read (storable-form-text checks them); `"body" in req` stays false, so tRPC reads the stream.
      if (property === "body") return body;
      if (!STREAM_MEMBERS.has(property)) return Reflect.get(target, property, receiver) as unknown;
      const value = Reflect.get(replay, property) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(replay) : value;
    },
  });
}

function withoutEncoding(headers: IncomingHttpHeaders) {
  const rest = { ...headers };
  delete rest["content-encoding"];
  delete rest["transfer-encoding"];
  return rest;
}

/** A body refused before anything parses it; `type` is body-parser's, so one handler answers both. */
class BodyRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly type: "encoding.malformed" | "entity.too.large" | "encoding.unsupported" | "request.aborted",
    message: string,
  ) {
    super(message);
  }
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  "x-gzip": createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The stream that decodes the request's Content-Encoding; none for identity, 415 for one we do not decode. */
function decoderFor(req: Request) {
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return undefined;
  const decoder = DECODERS[encoding];
  if (!decoder) throw new BodyRefused(415, "encoding.unsupported", `Unsupported Content-Encoding: ${encoding}.`);
  return decoder();
}

/**
 * Reads a request's body into memory, decoded as its Content-Encoding says
 * (gzip, deflate, br), counting the decoded bytes as they come — with or without
 * Content-Length, chunked or not — and refuses it once there are more than
 * `limit` (413), so a small bomb never inflates past the limit; malformed
 * compressed data is 400, an encoding we do not decode 415. A refused body is
 * read off to its end (decoding nothing) before the refusal, so the client sees
 * the answer rather than a reset.
 */
export function readBody(req: Request, limit: number): Promise<{ body: Buffer; decoded: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let decoder: Transform | undefined;
    try {
      decoder = decoderFor(req);
    } catch (error) {
      return refuse(error as BodyRefused);
    }
    const declared = Number(req.headers["content-length"]);
    if (!decoder && declared > limit) return refuse(new BodyRefused(413, "entity.too.large", "Request body too large."));
    const source: Readable = decoder ? req.pipe(decoder) : req;
    function refuse(refusal: BodyRefused) {
      settled = true;
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      req.removeAllListeners("data");
      if (req.readableEnded) return reject(refusal);
      req.once("end", () => reject(refusal));
      req.once("close", () => reject(refusal));
      req.resume();
    }
    source.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) refuse(new BodyRefused(413, "entity.too.large", "Request body too large."));
      else chunks.push(chunk);
    });
    source.once("end", () => {
      if (!settled) resolve({ body: Buffer.concat(chunks), decoded: Boolean(decoder) });
      settled = true;
    });
    decoder?.once("error", () => {
      if (!settled) refuse(new BodyRefused(400, "encoding.malformed", "The request body is not valid for its Content-Encoding."));
    });
    req.once("aborted", () => {
      if (!settled) refuse(new BodyRefused(400, "request.aborted", "The request was aborted."));
    });
  });
}

/**
 * Reads a body within `limit` decoded bytes (see `readBody`) before anything
 * parses it; then `handler` gets the request with the body to read as usual.
 */
export function withBodyLimit(limit: number, handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return handler(req, res, next);
    readBody(req, limit).then(
      ({ body, decoded }) => handler(replayed(req, body, decoded), res, next),
      (error: unknown) => next(error),
    );
  };
}

/** Reads a body within `limit` decoded bytes into `req.body` (a Buffer), for routes that take bytes (uploads). */
export function bufferBody(limit: number): RequestHandler {
  return (req, _res, next) => {
    readBody(req, limit).then(
      ({ body }) => {
        req.body = body;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/** Our refusals and body-parser's: 413 (too large), 415 (encoding) and 400 (malformed) as short plain answers. */
export const bodyErrors: ErrorRequestHandler = (error: { status?: number; type?: string; message?: string }, _req, res, next) => {
  if (error instanceof BodyRefused) res.status(error.status).type("text/plain").send(error.message);
  else if (error.type === "entity.too.large") res.status(413).type("text/plain").send("Request body too large.");
  else if (error.type === "encoding.unsupported") res.status(415).type("text/plain").send("Unsupported Content-Encoding.");
  else next(error);
};
