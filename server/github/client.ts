import { Octokit } from "@octokit/rest";
import type { Env } from "../env.server";

/** An Octokit for a token against the configured API (github.com, GitHub Enterprise, or the local fake). */
export function githubClient(env: Env, token: string) {
  return new Octokit({
    auth: token,
    baseUrl: env.GITHUB_API_URL.replace(/\/$/, ""),
    userAgent: "assembly-lime",
    request: { retries: 0 },
    // Octokit logs request failures with their URL; never their headers.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** A readable reason from an Octokit failure, without request details (which could carry the token). */
export function githubErrorMessage(error: unknown) {
  const status = (error as { status?: number }).status;
  const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message;
  if (status) return `GitHub answered ${status}: ${message}`;
  return `Could not reach GitHub: ${message}`;
}
