import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { serializeSessionToken } from "../../server/auth/session-cookie";
import type { AppRouter } from "../../server/routers/app-router";
import { MAX_BATCH_CALLS } from "../../server/trpc/batch-limit";
import { createSession } from "../../server/services/sessions/create-session";

/** A Cookie header for a fresh session of this user in this tenant. */
export async function sessionCookieFor(options: { userId: number; tenantId: number }) {
  const { token } = await createSession({ ...options, ttlDays: 1 });
  const setCookie = await serializeSessionToken(token);
  return setCookie.split(";")[0]!;
}

/** A typed tRPC client over real HTTP (batch link + SSE subscriptions), as a browser would use. */
export function createHttpClient(baseUrl: string, cookie?: string, bearer?: string) {
  const headers = { ...(cookie ? { cookie } : {}), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
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
        false: httpBatchLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers, maxItems: MAX_BATCH_CALLS }),
      }),
    ],
  });
}
