import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for GitHub that answers in GitHub's wire format: the OAuth
 * web flow (authorize page, token exchange) and the REST endpoints the app
 * calls. The REST API is served both at `/api/v3` (like GitHub Enterprise) and
 * at the root, so `GITHUB_API_URL` can be either.
 */
export type FakeGitHubUser = {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url?: string;
  /** Emails returned by /user/emails; the first is primary. */
  emails?: string[];
};

export type FakeGitHubOptions = {
  clientId?: string;
  clientSecret?: string;
  users?: FakeGitHubUser[];
  port?: number;
};

export type FakeGitHub = {
  url: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  users: FakeGitHubUser[];
  /** Issues an access token for a user, as the OAuth flow would. */
  issueToken(login: string): string;
  /** Every request seen, for assertions. */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
};

export const DEFAULT_FAKE_USERS: FakeGitHubUser[] = [
  { id: 583231, login: "octocat", name: "The Octocat", email: null, emails: ["octocat@example.test"] },
  { id: 9919, login: "hubot", name: "Hubot", email: "hubot@example.test" },
];

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const clientId = options.clientId ?? "fake-client-id";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const users = [...(options.users ?? DEFAULT_FAKE_USERS)];
  const codes = new Map<string, { login: string; redirectUri: string | null }>();
  const tokens = new Map<string, string>();
  const requests: { method: string; path: string }[] = [];
  let baseUrl = "";

  const issueToken = (login: string) => {
    const token = `gho_${randomBytes(18).toString("hex")}`;
    tokens.set(token, login);
    return token;
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: error instanceof Error ? error.message : "fake error" });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    requests.push({ method: req.method ?? "GET", path: url.pathname });
    const apiPath = url.pathname.startsWith("/api/v3/") ? url.pathname.slice("/api/v3".length) : url.pathname;

    if (url.pathname === "/healthz") return send(res, 200, { status: "ok" });
    if (url.pathname.startsWith("/avatars/")) return avatar(url.pathname.slice("/avatars/".length), res);
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") return authorizePage(url, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/authorize/grant") return grant(req, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") return exchange(req, res);

    const login = authenticate(req);
    if (apiPath === "/user" || apiPath === "/user/emails") {
      if (!login)
        return send(res, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
      const user = users.find((candidate) => candidate.login === login)!;
      if (apiPath === "/user") return send(res, 200, userJson(user), { "X-OAuth-Scopes": "read:user, user:email" });
      const emails = user.emails ?? (user.email ? [user.email] : []);
      return send(
        res,
        200,
        emails.map((email, index) => ({
          email,
          primary: index === 0,
          verified: true,
          visibility: index === 0 ? "private" : null,
        })),
      );
    }
    return send(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
  }

  function authorizePage(url: URL, res: http.ServerResponse) {
    const clientIdParam = url.searchParams.get("client_id");
    if (clientIdParam !== clientId) return html(res, 404, "<h1>Application not found</h1>");
    const hidden = ["state", "redirect_uri", "scope"]
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(url.searchParams.get(name) ?? "")}">`)
      .join("");
    const choices = users
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

  async function grant(req: http.IncomingMessage, res: http.ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get("login") ?? "";
    if (!users.some((user) => user.login === login)) return html(res, 400, "<h1>Unknown user</h1>");
    const redirectUri = form.get("redirect_uri") ?? "";
    const code = randomBytes(10).toString("hex");
    codes.set(code, { login, redirectUri: redirectUri || null });
    const target = new URL(redirectUri);
    target.searchParams.set("code", code);
    target.searchParams.set("state", form.get("state") ?? "");
    res.writeHead(302, { Location: target.toString() });
    res.end();
  }

  async function exchange(req: http.IncomingMessage, res: http.ServerResponse) {
    const body = new URLSearchParams(await readBody(req));
    let id = body.get("client_id");
    let secret = body.get("client_secret");
    const basic = req.headers.authorization?.match(/^Basic (.+)$/i)?.[1];
    if (basic) [id, secret] = Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) as [string, string];
    // GitHub answers token errors with HTTP 200 and an error body.
    if (id !== clientId || secret !== clientSecret) {
      return send(res, 200, {
        error: "incorrect_client_credentials",
        error_description: "The client_id and/or client_secret passed are incorrect.",
      });
    }
    const entry = codes.get(body.get("code") ?? "");
    if (!entry) {
      return send(res, 200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    }
    codes.delete(body.get("code") ?? "");
    send(res, 200, { access_token: issueToken(entry.login), token_type: "bearer", scope: "read:user,user:email" });
  }

  function authenticate(req: http.IncomingMessage) {
    const match = req.headers.authorization?.match(/^(?:token|bearer) (.+)$/i);
    return match ? tokens.get(match[1]!) : undefined;
  }

  function userJson(user: FakeGitHubUser) {
    return {
      login: user.login,
      id: user.id,
      node_id: `U_${user.id}`,
      avatar_url: user.avatar_url ?? `${baseUrl}/avatars/${user.login}`,
      html_url: `${baseUrl}/${user.login}`,
      type: "User",
      site_admin: false,
      name: user.name,
      email: user.email,
      created_at: "2011-01-25T18:44:36Z",
      updated_at: "2026-01-01T00:00:00Z",
    };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/v3`,
    clientId,
    clientSecret,
    users,
    issueToken,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function html(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><title>GitHub (fake)</title></head><body>${body}</body></html>`);
}

/** A generated avatar: an initial on a colour, like GitHub's identicons stand-in. */
function avatar(name: string, res: http.ServerResponse) {
  const initial = escapeHtml((name[0] ?? "?").toUpperCase());
  res.writeHead(200, { "Content-Type": "image/svg+xml", "Cache-Control": "max-age=3600" });
  res.end(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#65a30d"/><text x="20" y="26" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${initial}</text></svg>`,
  );
}

function readBody(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    req.on("error", reject);
  });
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
