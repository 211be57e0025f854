import type { Env } from "../env.server";
import { AppError, notFound } from "../errors";
import { githubClient, githubErrorMessage, type GitHubClient } from "./client";
import { rateLimitMessage } from "./rate-limit";

export type GitHubCall = <T>(call: (octokit: GitHubClient) => Promise<T>) => Promise<T>;

/**
 * Makes GitHub calls with a token: failures become readable errors.
 * The client is built on the first call, and reused.
 */
export function gitHubCalls(env: Env, token: string): GitHubCall {
  let octokit: GitHubClient | undefined;
  return async (call) => {
    try {
      return await call((octokit ??= githubClient(env, token)));
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) throw notFound("GitHub resource");
      if (rateLimitMessage(error)) throw new AppError("TOO_MANY_REQUESTS", githubErrorMessage(error));
      throw new AppError("PRECONDITION_FAILED", githubErrorMessage(error));
    }
  };
}
