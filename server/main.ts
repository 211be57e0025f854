import { existsSync, readFileSync, watch } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { isAlive } from "../db/embedded";
import { getEnv } from "./env.server";
import { loadAppBuildPackages } from "./http/app-build-packages";
import { createApp } from "./http/create-app";
import { drainableServer } from "./http/drain-server";
import { createHealthApp } from "./http/health-app";
import { requestIdOf } from "./http/request-id";
import { createLogger, setLogger } from "./logger";
import { metricsExposure, startMetricsServer } from "./metrics/serve-metrics";
import { startRuntime } from "./runtime";

const BUILD_PATH = path.resolve("build/index.js");
/** Written by `build.js --start` while it builds the app this server is about to load. */
const BUILDING_LOCK = path.resolve("build/app-building.pid");

/** `npm start` runs this server while the Remix app still builds; pages wait for that build. */
async function appBuildFinished() {
  for (;;) {
    let builder: number;
    try {
      builder = Number.parseInt(readFileSync(BUILDING_LOCK, "utf8"), 10);
    } catch {
      return;
    }
    if (!isAlive(builder)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function main() {
  const startedAt = Date.now();
  const env = getEnv();
  const logger = createLogger(env.LOG_LEVEL);
  setLogger(logger);

  // Loading the Remix build takes a while; do it while Postgres starts. Its modules reach the
  // runtime's singletons through getters (decision 008), so loading first is safe.
  const remixHandler = env.ROLE === "worker" ? undefined : createRemixHandler(Boolean(env.REMIX_DEV_ORIGIN));
  remixHandler?.catch(() => undefined);

  // A signal during start-up (npm start stops the server when the app fails to build) waits for the
  // runtime and then shuts it down: dying there would leave its embedded Postgres running, orphaned.
  const graceMs = env.SHUTDOWN_GRACE_SECONDS * 1000;
  let stopping: { signal: string; deadline: number } | undefined;
  const started: { shutdown?: () => Promise<void> } = {};
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = { signal, deadline: Date.now() + graceMs };
    logger.info({ signal, graceSeconds: env.SHUTDOWN_GRACE_SECONDS }, "shutting down");
    const force = setTimeout(() => {
      logger.error({ graceSeconds: env.SHUTDOWN_GRACE_SECONDS }, "shutdown took longer than its grace period; exiting");
      process.exit(1);
    }, graceMs);
    force.unref();
    void started.shutdown?.();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));

  const runtime = await startRuntime(env, logger);
  const http: { drain?: (cutOff: number) => Promise<void>; metrics?: Server } = {};

  started.shutdown = async () => {
    const { deadline } = stopping!;
    // Requests and runs still going this long before the deadline are cut, leaving time to record it and close.
    const cutOff = deadline - Math.min(5_000, graceMs / 5);
    // Runs first: their model calls and commands stop at once and each records its failure while
    // event streams are still open to show it; /readyz answers 503 from this moment on.
    await runtime.stopRuns(cutOff);
    await Promise.all([runtime.drain({ cutOff, deadline }), http.drain?.(cutOff)]);
    http.metrics?.close();
    await runtime.stop();
    logger.info("stopped");
    process.exit(0);
  };
  if (stopping) return started.shutdown();

  if (env.METRICS_PORT) {
    http.metrics = await startMetricsServer({ port: env.METRICS_PORT, host: env.HOST, token: env.METRICS_TOKEN });
    logger.info({ port: env.METRICS_PORT, token: Boolean(env.METRICS_TOKEN) }, "metrics served on their own port");
  } else if (env.ROLE === "worker" || metricsExposure(env) === "off")
    logger.info("/metrics is not served: set METRICS_PORT (its own port) or, on a web process, METRICS_TOKEN");

  if (!remixHandler) {
    const server = createHealthApp(runtime.readiness).listen(env.PORT, env.HOST, () => {
      logger.info({ port: env.PORT, ms: Date.now() - startedAt }, "worker ready");
    });
    http.drain = drainableServer(server);
    return;
  }

  const app = createApp({ env, logger, readiness: runtime.readiness, remixHandler: await remixHandler });
  const server = app.listen(env.PORT, env.HOST, () => {
    logger.info({ url: env.APP_URL, port: env.PORT, ms: Date.now() - startedAt }, "Assembly Lime is ready");
  });
  http.drain = drainableServer(server);
}

async function createRemixHandler(development: boolean): Promise<RequestHandler> {
  // While the app still builds, load the packages its build imports: most of the time its import took.
  const warming = existsSync(BUILDING_LOCK) ? loadAppBuildPackages() : undefined;
  await appBuildFinished();
  await warming;
  if (!existsSync(BUILD_PATH)) throw new Error("No Remix build found: run `npm run build` first (npm start does).");
  const load = async () => (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
  let build = await load();
  const getLoadContext = (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]) => ({
    requestId: requestIdOf(req),
    cspNonce: res.locals.cspNonce as string,
  });
  if (!development) return createRequestHandler({ build, mode: "production", getLoadContext });

  // `remix dev --manual`: reload the build when it changes and tell the dev server.
  await broadcastDevReady(build);
  let timer: NodeJS.Timeout | undefined;
  watch(path.dirname(BUILD_PATH), () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void load().then(async (next) => {
        build = next;
        await broadcastDevReady(build);
      });
    }, 100);
  });
  return (req, res, next) => createRequestHandler({ build, mode: "development", getLoadContext })(req, res, next);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
