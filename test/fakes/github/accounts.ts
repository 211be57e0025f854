// Users, the account objects GitHub nests in every payload, and which token a request carries.
import http from "node:http";
import { syntheticId } from "./http";
import type { FakeGitHubStore } from "./store";
import type { FakeGitHubUser, TokenRecord } from "./types";

export const DEFAULT_FAKE_USERS: FakeGitHubUser[] = [
  { id: 583231, login: "octocat", name: "The Octocat", email: null, emails: ["octocat@example.test"] },
  { id: 9919, login: "hubot", name: "Hubot", email: "hubot@example.test" },
  { id: 4242, login: "monalisa", name: "Mona Lisa", email: "mona@example.test" },
];

/**
 * The token in `Authorization`: `token X` and `Bearer X` (REST), or HTTP Basic
 * with the token as password — or as username, which GitHub also takes (git).
 * `undefined` when no credentials were sent, `null` when they are not a live token.
 */
export function credentials(store: FakeGitHubStore, req: http.IncomingMessage): TokenRecord | null | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const direct = header.match(/^(?:token|bearer)\s+(\S+)\s*$/i)?.[1];
  if (direct) return store.tokens.get(direct) ?? null;
  const basic = header.match(/^basic\s+(\S+)\s*$/i)?.[1];
  if (!basic) return null;
  const decoded = Buffer.from(basic, "base64").toString();
  const colon = decoded.indexOf(":");
  const username = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? "" : decoded.slice(colon + 1);
  return store.tokens.get(password) ?? store.tokens.get(username) ?? null;
}

export function findUser(store: FakeGitHubStore, login: string) {
  return store.users.find((candidate) => candidate.login.toLowerCase() === login.toLowerCase());
}

export function userJson(store: FakeGitHubStore, user: FakeGitHubUser) {
  return {
    login: user.login,
    id: user.id,
    node_id: `U_${user.id}`,
    avatar_url: user.avatar_url ?? `${store.baseUrl}/avatars/${user.login}`,
    html_url: `${store.baseUrl}/${user.login}`,
    type: "User",
    site_admin: false,
    name: user.name,
    email: user.email,
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

/** The short account object GitHub nests in repos, pulls and payloads (`owner`, `user`, `sender`). */
export function accountJson(store: FakeGitHubStore, login: string, unknownType: "User" | "Organization" = "User") {
  const user = findUser(store, login);
  const id = user?.id ?? syntheticId(login);
  return {
    login: user?.login ?? login,
    id,
    node_id: `${user || unknownType === "User" ? "U" : "O"}_${id}`,
    avatar_url: user?.avatar_url ?? `${store.baseUrl}/avatars/${login}`,
    url: `${store.apiUrl}/users/${login}`,
    html_url: `${store.baseUrl}/${login}`,
    type: user ? "User" : unknownType,
    site_admin: false,
  };
}

export function identity(store: FakeGitHubStore, login: string) {
  const user = findUser(store, login);
  return {
    name: user?.name ?? login,
    email: user?.email ?? user?.emails?.[0] ?? `${login}@users.noreply.github.test`,
  };
}
