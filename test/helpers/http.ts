import type { AddressInfo } from "node:net";
import type { RequestHandler } from "express";
import { testDatabase } from "../setup-database";
import { getEnv, type Env } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createApp } from "../../server/http/create-app";
import { createLogger, type Logger } from "../../server/logger";
import { followSessionChanges } from "../../server/services/sessions/session-cache";

/**
 * The real Express app (without Remix) on `port` (default: a free one), with
 * this file's database and a live event bus that clears the session cache as
 * server/runtime.ts has it do. `closeHttp()` stops only the HTTP server (for a
 * caller with more to stop before the bus); `close()` stops it and the bus.
 */
export async function startTestServer(
  options: { port?: number; env?: Env; logger?: Logger; remixHandler?: RequestHandler } = {},
) {
  const bus = new EventBus(testDatabase.url);
  await bus.start();
  setEventBus(bus);
  const stopFollowingSessions = followSessionChanges(bus);
  const env = options.env ?? getEnv();
  const app = createApp({
    env,
    logger: options.logger ?? createLogger("silent"),
    readiness: { database: true, migrations: true, jobs: true, events: true },
    remixHandler: options.remixHandler,
  });
  const server = app.listen(options.port ?? 0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let httpClosed: Promise<unknown> | undefined;
  const closeHttp = () =>
    (httpClosed ??= (() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    })());
  return {
    url,
    bus,
    closeHttp,
    async close() {
      await closeHttp();
      stopFollowingSessions();
      await bus.stop();
      setEventBus(undefined);
    },
  };
}

export { createHttpClient, sessionCookieFor } from "./trpc-client";
