// Rate limits on demand: the next N REST requests are refused the way GitHub refuses them.
import { error } from "./rest";
import type { FakeGitHubStore } from "./store";
import type { FakeRateLimit, Reply } from "./types";

/** Queues `limit` for the next `limit.requests` REST requests (after any already queued). */
export function queueRateLimit(store: FakeGitHubStore, limit: FakeRateLimit) {
  for (let count = 0; count < limit.requests; count++) store.rateLimits.push(limit);
}

/** The refusal owed to this request (API path without `/api/v3`), or null when none is queued for it. */
export function takeRateLimit(store: FakeGitHubStore, apiPath: string, viewer: string | undefined): Reply | null {
  const index = store.rateLimits.findIndex((limit) => limit.path === undefined || limit.path === apiPath);
  if (index < 0) return null;
  const [limit] = store.rateLimits.splice(index, 1) as [FakeRateLimit];
  if (limit.kind === "secondary") {
    const reply = error(
      limit.status ?? 403,
      "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
    );
    return { ...reply, headers: { "Retry-After": String(limit.retryAfter ?? 60) } };
  }
  const reset = Math.floor(Date.now() / 1000) + (limit.resetInSeconds ?? 3600);
  const reply = error(403, `API rate limit exceeded for user ID ${viewer ?? "anonymous"}.`);
  return {
    ...reply,
    headers: {
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(reset),
      "X-RateLimit-Used": "5000",
    },
  };
}
