import type { Request, RequestHandler } from "express";
import { defineCounter, defineHistogram, PREFIX } from "./registry";

const labelNames = ["method", "route", "status"] as const;

const requests = defineCounter({
  name: `${PREFIX}http_requests_total`,
  help: "HTTP requests answered, by method, route pattern (tRPC: trpc:<procedure>) and status code.",
  labelNames,
});

const duration = defineHistogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: "From a request's arrival to its response's end (streams: to their close), by method, route pattern and status code.",
  labelNames,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const TRPC_PREFIX = "/api/trpc/";

/**
 * The route a request matched, as a pattern — never the raw URL, so label
 * values stay few: a known tRPC procedure, an Express route, `remix`, `static`
 * or `unmatched`. `procedures` are the tRPC router's procedure paths.
 */
export function routeLabel(req: Request, status: number, procedures: ReadonlySet<string>) {
  const path = req.originalUrl.split("?", 1)[0]!;
  if (path.startsWith(TRPC_PREFIX)) {
    const names = path.slice(TRPC_PREFIX.length).split(",");
    if (!names.every((name) => procedures.has(name))) return "unmatched";
    // A batch's procedures vary with the page; one label keeps the combinations out.
    return names.length === 1 ? `trpc:${names[0]}` : "trpc:batch";
  }
  const route = req.route as { path?: unknown } | undefined;
  if (typeof route?.path === "string") return route.path === "*" ? "remix" : `${req.baseUrl}${route.path}`;
  return status < 400 ? "static" : "unmatched";
}

/** Counts and times every request once its response ends (or its connection closes). */
export function observeHttpRequests(procedures: Iterable<string>): RequestHandler {
  const known = new Set(procedures);
  return (req, res, next) => {
    const end = duration.startTimer();
    let observed = false;
    // `finish` when the response was sent; `close` alone when the client went away first.
    const observe = () => {
      if (observed) return;
      observed = true;
      const labels = { method: req.method, route: routeLabel(req, res.statusCode, known), status: String(res.statusCode) };
      requests.inc(labels);
      end(labels);
    };
    res.once("finish", observe);
    res.once("close", observe);
    next();
  };
}
