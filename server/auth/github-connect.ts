import type { Env } from "../env.server";
import { ConfigurableGitHub } from "./github-login";
import { newRandomToken } from "./tokens";

/**
 * "Connect with GitHub": the OAuth web flow again, asking for repository
 * scopes, whose token becomes a connector (the sign-in token is never kept).
 * The callback sits under the OAuth app's registered callback URL, as GitHub
 * requires of a redirect_uri.
 */
// `workflow`: without it GitHub refuses any push that touches `.github/workflows/`, and agents do edit CI.
const CONNECT_SCOPES = ["repo", "workflow", "read:user", "admin:repo_hook"];

function client(env: Env) {
  if (!env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET) return null;
  return new ConfigurableGitHub(
    env.GITHUB_CLIENT_ID,
    env.GITHUB_CLIENT_SECRET,
    `${env.APP_URL}/auth/github/callback/connector`,
    env.GITHUB_URL.replace(/\/$/, ""),
  );
}

export function connectAuthorizationUrl(env: Env) {
  const oauth = client(env);
  if (!oauth) return null;
  const state = newRandomToken(16);
  const url = oauth.createAuthorizationURL(state, CONNECT_SCOPES);
  return { url, state };
}

export async function exchangeConnectCode(env: Env, code: string) {
  const oauth = client(env);
  if (!oauth) throw new Error("GitHub OAuth is not configured.");
  const tokens = await oauth.validateAuthorizationCode(code);
  return tokens.accessToken();
}
