import { randomBytes } from "node:crypto";
import { OAuth2Client } from "arctic";
import type { Env } from "../env.server";

/**
 * "Connect with GitHub": the OAuth web flow again, asking for repository
 * scopes, whose token becomes a connector (the sign-in token is never kept).
 * The callback sits under the OAuth app's registered callback URL, as GitHub
 * requires of a redirect_uri.
 */
export const CONNECT_SCOPES = ["repo", "read:user", "admin:repo_hook"];

function client(env: Env) {
  if (!env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET) return null;
  return new OAuth2Client(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET, `${env.APP_URL}/auth/github/callback/connector`);
}

export function connectAuthorizationUrl(env: Env) {
  const oauth = client(env);
  if (!oauth) return null;
  const state = randomBytes(16).toString("base64url");
  const url = oauth.createAuthorizationURL(`${env.GITHUB_URL.replace(/\/$/, "")}/login/oauth/authorize`, state, CONNECT_SCOPES);
  return { url, state };
}

export async function exchangeConnectCode(env: Env, code: string) {
  const oauth = client(env);
  if (!oauth) throw new Error("GitHub OAuth is not configured.");
  const tokens = await oauth.validateAuthorizationCode(
    `${env.GITHUB_URL.replace(/\/$/, "")}/login/oauth/access_token`,
    code,
    null,
  );
  return tokens.accessToken();
}
