import type { Logger } from "../logger";

export type RateLimitPolicy = {
  /** Retries after a rate limit (and after a 5xx) before the call gives up. */
  retries: number;
  /** The longest wait, in seconds, a limit may ask for and still be waited out; longer ones fail at once. */
  maxWaitSeconds: number;
};

type Limit = "primary" | "secondary";

/**
 * The throttling plugin's `onRateLimit`/`onSecondaryRateLimit`: true retries after `retryAfter` seconds.
 * Each throttle is one warn line with the method and route template, never the URL's query or headers.
 */
export function rateLimitHandler(limit: Limit, policy: RateLimitPolicy, logger: Logger) {
  return (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const retrying = retryCount < policy.retries && retryAfter <= policy.maxWaitSeconds;
    logger.warn(
      { limit, retryAfter, retryCount, retrying, request: `${options.method} ${options.url.split("?")[0]}` },
      retrying ? `GitHub ${limit} rate limit; retrying in ${retryAfter} s` : `GitHub ${limit} rate limit; giving up`,
    );
    return retrying;
  };
}

type Failure = { status?: number; message?: string; response?: { headers?: Record<string, string | number | undefined> } };

/** A message a user can act on when `error` is GitHub refusing for a rate limit; null for any other failure. */
export function rateLimitMessage(error: unknown): string | null {
  const { status, message = "", response } = (error ?? {}) as Failure;
  if (status !== 403 && status !== 429) return null;
  const headers = response?.headers ?? {};
  if (/\bsecondary rate\b/i.test(message) || (status === 429 && headers["retry-after"] !== undefined)) {
    const wait = Number(headers["retry-after"]) || 60;
    return `GitHub asked us to slow down (secondary rate limit); try again in ${wait} s.`;
  }
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = new Date(Number(headers["x-ratelimit-reset"]) * 1000);
    return `GitHub's rate limit is exhausted until ${reset.toISOString().slice(11, 16)} UTC.`;
  }
  return null;
}
