import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "./routers/app-router";
import { MAX_BATCH_CALLS } from "./trpc/batch-limit";

/**
 * The typed API client for scripts and services: every procedure of the app
 * with its input and output types. Authenticate with an API key (`al_…`,
 * created on the API keys page); it acts as its owner, narrowed to its scopes.
 *
 *   import { createAssemblyLimeClient } from "assembly-lime/server/client";
 *   const al = createAssemblyLimeClient({ url: "https://lime.example.com", apiKey: process.env.AL_API_KEY! });
 *   const projects = await al.projects.list.query();
 */
export function createAssemblyLimeClient(options: { url: string; apiKey: string }) {
  const url = `${options.url.replace(/\/$/, "")}/api/trpc`;
  const headers = { authorization: `Bearer ${options.apiKey}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource,
          eventSourceOptions: { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }) },
        }),
        false: httpBatchLink({ url, transformer: superjson, headers, maxItems: MAX_BATCH_CALLS }),
      }),
    ],
  });
}

export type AssemblyLimeClient = ReturnType<typeof createAssemblyLimeClient>;
export type { AppRouter };
