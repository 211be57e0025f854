import { randomBytes } from "node:crypto";
import path from "node:path";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express, { type RequestHandler } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Env } from "../env.server";
import type { Logger } from "../logger";
import { observeHttpRequests } from "../metrics/http";
import { metricsExposure, serveMetrics } from "../metrics/serve-metrics";
import { appRouter } from "../routers/app-router";
import { MAX_BATCH_CALLS } from "../trpc/batch-limit";
import type { Readiness } from "../runtime";
import { createContext } from "../trpc/context";
import { boundEventStreams } from "./bound-event-streams";
import { bodyErrors, withBodyLimit } from "./body-limit";
import { healthRoutes } from "./health-app";
import { refuseCrossSite } from "./refuse-cross-site";
import { withStorableFormText } from "./storable-form-text";
import { imagesRouter } from "./images-routes";
import { webhooksRouter } from "./webhooks-routes";
import { requestId, requestIdOf } from "./request-id";

export type AppOptions = {
  env: Env;
  logger: Logger;
  readiness: Readiness;
  /** Serves everything not handled before it: the Remix app. */
  remixHandler?: RequestHandler;
  /** Folder holding `build/` assets and static files. */
  publicDir?: string;
};

/** The Express app: health, metrics, tRPC, static assets, then Remix. */
export function createApp(options: AppOptions) {
  const { env, logger, readiness } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(observeHttpRequests(Object.keys(appRouter._def.procedures)));

  app.use(healthRoutes(readiness));
  if (metricsExposure(env) === "main-port") app.get("/metrics", serveMetrics(env.METRICS_TOKEN));

  app.use(requestId);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => requestIdOf(req),
      // Only what helps debugging: no headers (cookies, tokens) and no query strings (OAuth codes).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split("?")[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url?.startsWith("/build/") ?? false },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    }),
  );
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce as string}'`],
          "connect-src": env.NODE_ENV === "development" ? ["'self'", "ws:"] : ["'self'"],
          // blob: for the previews of images picked for a run, before they are uploaded.
          "img-src": ["'self'", "data:", "blob:", "https:", "http:"],
          "form-action": ["'self'", env.GITHUB_URL],
          "upgrade-insecure-requests": env.secureCookies ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: env.secureCookies,
    }),
  );
  app.use(
    compression({
      // Compression buffers output, which would hold back server-sent events. tRPC mutations
      // answer with a few hundred bytes but no Content-Length (so no threshold applies): a
      // fresh zlib stream per answer would cost more CPU than the bytes it saves.
      filter: (req, res) =>
        !String(res.getHeader("Content-Type") ?? "").includes("text/event-stream") &&
        req.headers.accept !== "text/event-stream" &&
        !(req.method === "POST" && req.originalUrl.startsWith("/api/trpc/")) &&
        compression.filter(req, res),
    }),
  );

  // A client that stops reading its event stream is closed rather than held (it resumes from its last event).
  app.use(
    "/api/trpc",
    boundEventStreams(
      { maxBufferedBytes: env.EVENT_STREAM_MAX_BUFFERED_BYTES, stallTimeoutMs: env.EVENT_STREAM_STALL_TIMEOUT_MS },
      logger,
    ),
  );

  // tRPC decodes no Content-Encoding: it gets the body decoded and counted (413 past the limit) first.
  app.use(
    "/api/trpc",
    withBodyLimit(
      env.BODY_LIMIT_BYTES,
      createExpressMiddleware({
        router: appRouter,
        maxBodySize: env.BODY_LIMIT_BYTES,
        maxBatchSize: MAX_BATCH_CALLS,
        createContext: ({ req }) =>
          createContext({ cookie: req.headers.cookie, requestId: requestIdOf(req), authorization: req.headers.authorization }),
        onError: ({ error, path: procedure, req }) => {
          if (error.code === "INTERNAL_SERVER_ERROR")
            logger.error({ err: error.cause ?? error, procedure, reqId: requestIdOf(req) }, "tRPC procedure failed");
        },
      }),
    ),
  );

  // Everything below that a browser can post to: uploads, Remix actions, resource routes (logout, OAuth starts).
  app.use(refuseCrossSite({ appUrl: env.APP_URL, exempt: ["/webhooks/"] }));
  app.use("/api/images", imagesRouter(env));
  app.use("/webhooks", webhooksRouter(env, logger));

  const publicDir = options.publicDir ?? path.resolve("public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));
  // Remix reads bodies itself, with no limit: it gets them counted and cut at the limit first, and
  // its form posts cleaned as tRPC input is.
  if (options.remixHandler) app.all("*", withBodyLimit(env.BODY_LIMIT_BYTES, withStorableFormText(options.remixHandler)));
  else
    app.all(
      "*",
      withBodyLimit(env.BODY_LIMIT_BYTES, (_req, _res, next) => next()),
    );
  app.use(bodyErrors);
  return app;
}
