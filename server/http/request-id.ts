import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives each request an id (a caller's X-Request-Id if well-formed), echoed back and logged. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.header("x-request-id");
  const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  (req as { id?: string }).id = id;
  res.setHeader("X-Request-Id", id);
  next();
};

export function requestIdOf(req: unknown): string {
  return (req as { id?: string }).id ?? randomUUID();
}
