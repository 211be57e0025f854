import type { Octokit } from "@octokit/rest";

/** The account a token belongs to, and the scopes GitHub lists for it in `x-oauth-scopes`. */
export async function authenticatedUser(octokit: Octokit) {
  const response = await octokit.rest.users.getAuthenticated();
  const header = response.headers["x-oauth-scopes"];
  const scopes = typeof header === "string" && header ? header.split(",").map((scope) => scope.trim()) : [];
  return { login: response.data.login, scopes };
}

/** Whether an account is called `login` (`GET /users/{username}`): its login as GitHub spells it, or null on 404. */
export async function findGitHubUser(octokit: Octokit, login: string) {
  try {
    const { data } = await octokit.rest.users.getByUsername({ username: login });
    return { login: data.login, id: data.id };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
