import type { Env } from "../env.server";
import { AppError, notFound } from "../errors";
import { githubClient, type GitHubClient } from "./client";
import { githubErrorMessage } from "./error-message";
import { rateLimitMessage } from "./rate-limit";

export type { GitHubClient };
export type GitHubCall = <T>(call: (octokit: GitHubClient) => Promise<T>) => Promise<T>;

/**
 * Makes GitHub calls with a token: failures become readable errors.
 * The client is built on the first call, and reused.
 */
export function gitHubCalls(env: Env, token: string): GitHubCall {
  const call = gitHubRequests(env, token);
  return async (request) => {
    try {
      return await call(request);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) throw notFound("GitHub resource");
      if (rateLimitMessage(error)) throw new AppError("TOO_MANY_REQUESTS", githubErrorMessage(error));
      throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
    }
  };
}

/**
 * Makes GitHub calls with a token, its failures left as GitHub's: for callers
 * that say what failed themselves (with `githubErrorMessage`). The client is
 * built on the first call, and reused.
 */
export function gitHubRequests(env: Env, token: string): GitHubCall {
  let octokit: GitHubClient | undefined;
  return (call) => call((octokit ??= githubClient(env, token)));
}
