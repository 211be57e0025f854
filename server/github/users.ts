import type { Octokit } from "@octokit/rest";

/** The account a token belongs to, and the scopes GitHub lists for it in `x-oauth-scopes`. */
export async function authenticatedUser(octokit: Octokit) {
  const response = await octokit.rest.users.getAuthenticated();
  const header = response.headers["x-oauth-scopes"];
  const scopes = typeof header === "string" && header ? header.split(",").map((scope) => scope.trim()) : [];
  return { login: response.data.login, scopes };
}
