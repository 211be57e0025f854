import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../server/routers/app-router";
import { MAX_BATCH_CALLS } from "../server/trpc/batch-limit";

/** The browser's tRPC client: batched queries and mutations, SSE subscriptions (cookie auth). */
export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
      false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_BATCH_CALLS }),
    }),
  ],
});

/** A message to show the user for any error a procedure returned. */
export function errorMessage(error: unknown) {
  if (error instanceof TRPCClientError) return error.message;
  return error instanceof Error ? error.message : "Something went wrong.";
}
