import { createHash, timingSafeEqual } from "node:crypto";
import type { Server } from "node:http";
import express, { type RequestHandler } from "express";
import type { Env } from "../env.server";
import { metricsRegistry } from "./registry";
// Every family is defined before the first scrape, observed yet or not.
import "./events";
import "./http";
import "./pool";
import "./queues";
import "./runs";
import "./usage";
import "./webhooks";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Where /metrics is served: on its own port when METRICS_PORT is set; else on
 * the main port when METRICS_TOKEN guards it or the app listens on loopback
 * only; else nowhere (an open /metrics on a public port would leak run and
 * queue numbers).
 */
export function metricsExposure(env: Pick<Env, "METRICS_PORT" | "METRICS_TOKEN" | "HOST">) {
  if (env.METRICS_PORT) return "own-port" as const;
  if (env.METRICS_TOKEN || LOOPBACK_HOSTS.has(env.HOST)) return "main-port" as const;
  return "off" as const;
}

/** The Prometheus text of every metric; with a token, only for `Authorization: Bearer <token>`. */
export function serveMetrics(token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    if (token && !bearerMatches(token, req.headers.authorization)) {
      res.status(401).set("WWW-Authenticate", 'Bearer realm="metrics"').type("text/plain").send("A bearer token is required.");
      return;
    }
    try {
      const registry = metricsRegistry();
      const body = await registry.metrics();
      res.set("Cache-Control", "no-store").type(registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  };
}

/** Compares digests, so neither the token's bytes nor its length leak through timing. */
function bearerMatches(token: string, header: string | undefined) {
  const given = header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** A separate small server answering only GET /metrics, on METRICS_PORT. */
export async function startMetricsServer(options: { port: number; host: string; token?: string }): Promise<Server> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/metrics", serveMetrics(options.token));
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return server;
}
