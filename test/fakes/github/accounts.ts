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

/** The signed-in user as `GET /user` shows them: the account plus the profile and private counts ("private-user"). */
export function userJson(store: FakeGitHubStore, user: FakeGitHubUser) {
  const owned = [...store.repos.values()].filter((repo) => repo.owner.toLowerCase() === user.login.toLowerCase());
  return {
    ...publicUserJson(store, user),
    user_view_type: "private",
    private_gists: 0,
    total_private_repos: owned.filter((repo) => repo.private).length,
    owned_private_repos: owned.filter((repo) => repo.private).length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: false,
  };
}

/** Anyone's profile as `GET /users/{username}` shows it ("public-user"). */
export function publicUserJson(store: FakeGitHubStore, user: FakeGitHubUser) {
  const owned = [...store.repos.values()].filter((repo) => repo.owner.toLowerCase() === user.login.toLowerCase());
  return {
    ...accountJson(store, user.login),
    user_view_type: "public",
    name: user.name,
    company: null,
    blog: "",
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: owned.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
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
    gravatar_id: "",
    url: `${store.apiUrl}/users/${login}`,
    html_url: `${store.baseUrl}/${login}`,
    followers_url: `${store.apiUrl}/users/${login}/followers`,
    following_url: `${store.apiUrl}/users/${login}/following{/other_user}`,
    gists_url: `${store.apiUrl}/users/${login}/gists{/gist_id}`,
    starred_url: `${store.apiUrl}/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `${store.apiUrl}/users/${login}/subscriptions`,
    organizations_url: `${store.apiUrl}/users/${login}/orgs`,
    repos_url: `${store.apiUrl}/users/${login}/repos`,
    events_url: `${store.apiUrl}/users/${login}/events{/privacy}`,
    received_events_url: `${store.apiUrl}/users/${login}/received_events`,
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

/** More people to sign in as, one for each role the access e2e test walks the app as. */
DEFAULT_FAKE_USERS.push(
  { id: 7001, login: "ada", name: "Ada Lovelace", email: "ada@example.test" },
  { id: 7002, login: "grace", name: "Grace Hopper", email: "grace@example.test" },
  { id: 7003, login: "linus", name: "Linus Pauling", email: "linus@example.test" },
  { id: 7004, login: "alan", name: "Alan Kay", email: "alan@example.test" },
);
