import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyRouter, inferRouterContext } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import {
  getErrorShape,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isTrackedEnvelope,
  sseHeaders,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { RequestHandler } from "express";

type Options<TRouter extends AnyRouter> = {
  router: TRouter;
  createContext: (req: IncomingMessage) => Promise<inferRouterContext<TRouter>>;
  onError?: (error: TRPCError, path: string, req: IncomingMessage) => void;
};

/**
 * Serves tRPC subscriptions (`GET /api/trpc/<subscription>`) on the wire format of
 * tRPC's own SSE producer — the same `connected`, `ping`, `return` and
 * `serialized-error` events, ids and Last-Event-ID resumption, so `httpSubscriptionLink`
 * cannot tell the difference — but encodes each message once for every subscriber it
 * goes to. The topic feeds hand every subscriber at one cursor the same batch object
 * (`shareSerialization`); its frame is kept beside it as bytes, so a batch sent to a
 * hundred browsers costs one `JSON.stringify`, one UTF-8 encoding and one `write` per
 * socket, instead of tRPC's per-subscriber stringify and four chained web streams
 * (decision 027). The procedure itself runs as tRPC runs it: its middlewares (session,
 * tenant, permission), its input parser and its resolver.
 */
export function sharedEventStreams<TRouter extends AnyRouter>(options: Options<TRouter>): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET") return next();
    const path = decodePath(req.path);
    if (path === null || path.includes(",") || req.query.batch !== undefined) return next();
    getProcedureAtPath(options.router, path).then(
      (procedure) => {
        if (procedure?._def.type !== "subscription") return next();
        return serve(options, path, procedure, req, res);
      },
      next,
    );
  };
}

type AnyProcedure = NonNullable<Awaited<ReturnType<typeof getProcedureAtPath>>>;

/** The frame of a batch, kept as long as the batch object itself. */
const frames = new WeakMap<object, { id: string; bytes: Buffer }>();

async function serve<TRouter extends AnyRouter>(
  options: Options<TRouter>,
  path: string,
  procedure: AnyProcedure,
  req: IncomingMessage & { query?: unknown },
  res: ServerResponse,
) {
  const config = options.router._def._config;
  const serialize = (value: unknown) => config.transformer.output.serialize(value) as unknown;
  const url = new URL(req.url ?? "/", "http://localhost");
  const lastEventId = headerOf(req, "last-event-id") ?? url.searchParams.get("lastEventId") ?? url.searchParams.get("Last-Event-Id");

  const abort = new AbortController();
  res.once("close", () => abort.abort());

  let ctx: inferRouterContext<TRouter> | undefined;
  let input: unknown;
  try {
    ctx = await options.createContext(req);
  } catch (cause) {
    // What tRPC answers when a request cannot be read at all: a JSON error with its status.
    const error = getTRPCErrorFromUnknown(cause);
    options.onError?.(error, path, req);
    const shape = getErrorShape({ config, ctx, error, input, path, type: "subscription" });
    res.statusCode = getHTTPStatusCodeFromError(error);
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify(transformTRPCResponse(config, { error: shape })));
    return;
  }

  for (const [name, value] of Object.entries(sseHeaders)) res.setHeader(name, value);
  res.statusCode = 200;
  res.flushHeaders();
  const out = new Writer(res, abort.signal);

  const errorFrame = (cause: unknown) => {
    const error = getTRPCErrorFromUnknown(cause);
    options.onError?.(error, path, req);
    const shape = getErrorShape({ config, ctx, error, input, path, type: "subscription" });
    return frame({ event: "serialized-error", data: JSON.stringify(serialize(shape)) });
  };

  await out.write(frame({ event: "connected", data: JSON.stringify(config.sse?.client ?? {}) }));
  let iterable: AsyncIterable<unknown>;
  try {
    const data = await procedure({
      path,
      // Read when the procedure asks, as tRPC reads it: a bad input is the procedure's error.
      getRawInput: async () => (input = readInput(url, config.transformer.input.deserialize, lastEventId)),
      ctx,
      type: "subscription",
      signal: abort.signal,
      batchIndex: 0,
    });
    if (!isAsyncIterable(data))
      throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Subscription ${path} did not return an AsyncGenerator` });
    iterable = data;
  } catch (cause) {
    await out.write(errorFrame(cause));
    res.end();
    return;
  }

  const ping = config.sse?.ping;
  const pingMs = ping?.enabled ? (ping.intervalMs ?? 1000) : 0;
  // A ping when nothing else went out for a whole interval, so the client's inactivity timer holds.
  const pinger = pingMs > 0 ? setInterval(() => out.idleFor(pingMs) && void out.write(PING_FRAME), pingMs) : undefined;
  let sentId: string | null = lastEventId && !/[\0\n\r]/.test(lastEventId) ? lastEventId : null;
  const iterator = iterable[Symbol.asyncIterator]();
  try {
    while (!abort.signal.aborted) {
      const result = await iterator.next();
      if (result.done) {
        await out.write(RETURN_FRAME);
        break;
      }
      const value = result.value;
      if (isTrackedEnvelope(value)) {
        const [id, payload] = value;
        sentId = id;
        await out.write(trackedFrame(id, payload, serialize));
      } else if (sentId === null) {
        await out.write(frame({ data: JSON.stringify(serialize(value)) }));
      } else {
        // As tRPC does: an event without an id, then the last id restored for a reconnect.
        await out.write(frame({ data: JSON.stringify(serialize(value)), id: "" }));
        await out.write(frame({ event: "restore-id", data: "", id: sentId }));
      }
    }
  } catch (cause) {
    if (!abort.signal.aborted) await out.write(errorFrame(cause));
  } finally {
    clearInterval(pinger);
    abort.abort();
    await iterator.return?.();
    res.end();
  }
}

/** A tracked message's bytes, made once per batch object however many streams send it. */
function trackedFrame(id: string, payload: unknown, serialize: (value: unknown) => unknown): Buffer {
  const shareable = typeof payload === "object" && payload !== null;
  const known = shareable ? frames.get(payload) : undefined;
  if (known?.id === id) return known.bytes;
  const bytes = frame({ data: JSON.stringify(serialize(payload)), id });
  if (shareable) frames.set(payload, { id, bytes });
  return bytes;
}

/** One SSE message, laid out exactly as tRPC's producer lays it out. */
function frame(message: { event?: string; data?: string; id?: string }): Buffer {
  let text = "";
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  if (message.data !== undefined) text += `data: ${message.data}\n`;
  if (message.id !== undefined) text += `id: ${message.id}\n`;
  return Buffer.from(`${text}\n\n`);
}

const PING_FRAME = frame({ event: "ping", data: "" });
const RETURN_FRAME = frame({ event: "return", data: "" });

/** Writes to the socket and waits for `drain` when it is full, as tRPC's adapter does: a slow reader holds one message. */
class Writer {
  private lastWrite = Date.now();
  private blocked = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly signal: AbortSignal,
  ) {}

  /** Nothing written for `ms` and the socket not full. */
  idleFor(ms: number) {
    return !this.blocked && Date.now() - this.lastWrite >= ms - 50;
  }

  async write(bytes: Buffer) {
    if (this.signal.aborted || this.res.destroyed) return;
    this.lastWrite = Date.now();
    if (this.res.write(bytes)) return;
    this.blocked = true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.blocked = false;
        this.res.off("drain", done);
        this.res.off("close", done);
        resolve();
      };
      this.res.once("drain", done);
      this.res.once("close", done);
    });
  }
}

function readInput(url: URL, deserialize: (value: unknown) => unknown, lastEventId: string | null): unknown {
  const raw = url.searchParams.get("input");
  let input: unknown;
  if (raw) {
    try {
      input = deserialize(JSON.parse(raw));
    } catch (cause) {
      throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
    }
  }
  if (!lastEventId) return input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path.replace(/^\//, ""));
  } catch {
    return null;
  }
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
