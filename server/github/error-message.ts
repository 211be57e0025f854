import { rateLimitMessage } from "./rate-limit";

/** A readable reason from an Octokit failure, without request details (which could carry the token). */
export function githubErrorMessage(error: unknown) {
  const limited = rateLimitMessage(error);
  if (limited) return limited;
  const status = (error as { status?: number }).status;
  const message = (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message;
  if (status) return `GitHub answered ${status}: ${message}`;
  return `Could not reach GitHub: ${message}`;
}
