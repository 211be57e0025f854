import type { AddressInfo } from "node:net";
import { testDatabase } from "../setup-database";
import { getEnv } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createApp } from "../../server/http/create-app";
import { createLogger } from "../../server/logger";

/** The real Express app (without Remix) on a free port, with this file's database and a live event bus. */
export async function startTestServer() {
  const bus = new EventBus(testDatabase.url);
  await bus.start();
  setEventBus(bus);
  const env = getEnv();
  const app = createApp({
    env,
    logger: createLogger("silent"),
    readiness: { database: true, migrations: true, jobs: true, events: true },
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    bus,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await bus.stop();
      setEventBus(undefined);
    },
  };
}

export { createHttpClient, sessionCookieFor } from "./trpc-client";
