// The OAuth web flow (authorize page, grant, code-for-token exchange) and the tokens it issues.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { html, readBody, send } from "./http";
import { escapeHtml } from "./pages";
import type { FakeGitHubStore } from "./store";

const DEFAULT_OAUTH_SCOPES = ["read:user", "user:email"];

const DEFAULT_PAT_SCOPES = ["repo", "read:user", "user:email"];

export const issueToken = (store: FakeGitHubStore, login: string, scopes: string[] = DEFAULT_OAUTH_SCOPES) => {
  const token = `gho_${randomBytes(18).toString("hex")}`;
  store.tokens.set(token, { login, scopes, kind: "oauth" });
  return token;
};

export const issuePersonalToken = (store: FakeGitHubStore, login: string, scopes: string[] = DEFAULT_PAT_SCOPES) => {
  const token = `ghp_${randomBytes(18).toString("hex")}`;
  store.tokens.set(token, { login, scopes, kind: "pat" });
  return token;
};

export function authorizePage(store: FakeGitHubStore, url: URL, res: http.ServerResponse) {
  const clientIdParam = url.searchParams.get("client_id");
  if (clientIdParam !== store.clientId) return html(res, 404, "<h1>Application not found</h1>");
  const hidden = ["state", "redirect_uri", "scope"]
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(url.searchParams.get(name) ?? "")}">`)
    .join("");
  const choices = store.users
    .map(
      (user) =>
        `<button type="submit" name="login" value="${escapeHtml(user.login)}">Authorize as ${escapeHtml(user.login)}</button>`,
    )
    .join(" ");
  html(
    res,
    200,
    `<h1>Authorize Assembly Lime</h1><p>Fake GitHub: choose who you are.</p><form method="post" action="/login/oauth/authorize/grant">${hidden}${choices}</form>`,
  );
}

export async function grant(store: FakeGitHubStore, req: http.IncomingMessage, res: http.ServerResponse) {
  const form = new URLSearchParams(await readBody(req));
  const login = form.get("login") ?? "";
  if (!store.users.some((user) => user.login === login)) return html(res, 400, "<h1>Unknown user</h1>");
  const redirectUri = form.get("redirect_uri") ?? "";
  const code = randomBytes(10).toString("hex");
  // The authorize URL's scope is space-separated (GitHub also accepts commas).
  const requested = (form.get("scope") ?? "").split(/[\s,]+/).filter(Boolean);
  store.codes.set(code, { login, redirectUri: redirectUri || null, scopes: requested.length ? requested : DEFAULT_OAUTH_SCOPES });
  const target = new URL(redirectUri);
  target.searchParams.set("code", code);
  target.searchParams.set("state", form.get("state") ?? "");
  res.writeHead(302, { Location: target.toString() });
  res.end();
}

export async function exchange(store: FakeGitHubStore, req: http.IncomingMessage, res: http.ServerResponse) {
  const body = new URLSearchParams(await readBody(req));
  let id = body.get("client_id");
  let secret = body.get("client_secret");
  const basic = req.headers.authorization?.match(/^Basic (.+)$/i)?.[1];
  if (basic) [id, secret] = Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) as [string, string];
  // GitHub answers token errors with HTTP 200 and an error body.
  if (id !== store.clientId || secret !== store.clientSecret) {
    return send(res, 200, {
      error: "incorrect_client_credentials",
      error_description: "The client_id and/or client_secret passed are incorrect.",
    });
  }
  const entry = store.codes.get(body.get("code") ?? "");
  if (!entry) {
    return send(res, 200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
  }
  store.codes.delete(body.get("code") ?? "");
  // The token response lists scopes comma-separated, without spaces.
  send(res, 200, {
    access_token: issueToken(store, entry.login, entry.scopes),
    token_type: "bearer",
    scope: entry.scopes.join(","),
  });
}
