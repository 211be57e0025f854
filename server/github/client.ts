import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { assertNoOpenTransaction } from "../../db/client";
import type { Env } from "../env.server";
import { getLogger, type Logger } from "../logger";
import { rateLimitHandler, type RateLimitPolicy } from "./rate-limit";

export { githubErrorMessage } from "./error-message";

const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export type GitHubClientOptions = Partial<RateLimitPolicy> & {
  /** Milliseconds per second of a 5xx retry's back-off; tests shrink it. Rate-limit waits stay real seconds. */
  backoffMs?: number;
  logger?: Logger;
};

// Rate limits are the throttling plugin's alone; the retry plugin only retries server errors.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/**
 * An Octokit for a token against the configured API (github.com, GitHub Enterprise, or the local fake),
 * that waits out short rate limits (primary and secondary) and retries server errors, a bounded number of times.
 */
export function githubClient(env: Env, token: string, options: GitHubClientOptions = {}): GitHubClient {
  return createGitHubClient(env.GITHUB_API_URL, token, options);
}

/** `githubClient` for code that has only the API URL (the sign-in flow, before any env-bound service). */
export function createGitHubClient(apiUrl: string, token: string, options: GitHubClientOptions = {}): GitHubClient {
  const policy: RateLimitPolicy = { retries: options.retries ?? 2, maxWaitSeconds: options.maxWaitSeconds ?? 60 };
  const logger = options.logger ?? getLogger();
  const octokit = new GitHubOctokit({
    auth: token,
    baseUrl: apiUrl.replace(/\/$/, ""),
    userAgent: "assembly-lime",
    throttle: {
      onRateLimit: rateLimitHandler("primary", policy, logger),
      onSecondaryRateLimit: rateLimitHandler("secondary", policy, logger),
    },
    retry: { retries: policy.retries, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: options.backoffMs ?? 1000 },
    // Octokit logs request failures with their URL; never their headers. Throttles are logged by rateLimitHandler.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.before("request", () => assertNoOpenTransaction("GitHub"));
  return octokit;
}
