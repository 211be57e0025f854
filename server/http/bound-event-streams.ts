import type { ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import type { Logger } from "../logger";
import { requestIdOf } from "./request-id";

export type EventStreamBounds = {
  /** Bytes a stream may hold in this process, written but not yet taken by the socket. */
  maxBufferedBytes: number;
  /** How long a stream may stay blocked (its socket full, no `drain`) before it is closed. */
  stallTimeoutMs: number;
};

const isEventStream = (res: ServerResponse) => String(res.getHeader("content-type") ?? "").includes("text/event-stream");

/**
 * Bounds what a server-sent event stream can hold for a client that reads slowly or not at all.
 * tRPC already waits for `drain` before it pulls the next event, so a stalled client holds at most
 * one message here and none in the feeds; but it would hold its subscription, its socket and that
 * message for ever. A stream is closed (destroyed, so tRPC ends the subscription) when what it
 * buffers passes `maxBufferedBytes` or it stays blocked for `stallTimeoutMs`. The browser's
 * EventSource reconnects with Last-Event-ID and resumes after the last event it read: nothing is lost.
 */
export function boundEventStreams(bounds: EventStreamBounds, logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET") return next();
    let stall: NodeJS.Timeout | undefined;
    const drop = (reason: string) => {
      clearTimeout(stall);
      if (res.destroyed) return;
      logger.warn({ reqId: requestIdOf(req), reason, bufferedBytes: res.writableLength }, "closed a stalled event stream");
      res.destroy();
    };
    const unblocked = () => {
      clearTimeout(stall);
      stall = undefined;
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((...args: unknown[]) => {
      const accepted = write(...args);
      if (!isEventStream(res)) return accepted;
      if (res.writableLength > bounds.maxBufferedBytes) {
        drop("buffer");
        return false;
      }
      if (!accepted && !stall) {
        stall = setTimeout(() => drop("stall"), bounds.stallTimeoutMs);
        stall.unref();
        res.once("drain", unblocked);
      }
      return accepted;
    }) as typeof res.write;
    res.once("close", unblocked);
    next();
  };
}
