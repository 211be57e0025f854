import type { AddressInfo } from "node:net";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { testDatabase } from "../setup-database";
import { getEnv } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createApp } from "../../server/http/create-app";
import { createLogger } from "../../server/logger";
import type { AppRouter } from "../../server/routers/app-router";
import { serializeSessionToken } from "../../server/auth/session-cookie";
import { createSession } from "../../server/services/sessions/create-session";

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

/** A Cookie header for a fresh session of this user in this tenant. */
export async function sessionCookieFor(options: { userId: number; tenantId: number }) {
  const { token } = await createSession({ ...options, ttlDays: 1 });
  const setCookie = await serializeSessionToken(token);
  return setCookie.split(";")[0]!;
}

/** A typed tRPC client over real HTTP (batch link + SSE subscriptions), as a browser would use. */
export function createHttpClient(baseUrl: string, cookie?: string) {
  const headers = cookie ? { cookie } : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${baseUrl}/api/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: {
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }),
          },
        }),
        false: httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers }),
      }),
    ],
  });
}
