import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  ZERO_SHA,
  commitChanges,
  commitFiles,
  commitInfo,
  commitTree,
  deleteRef,
  diffFiles,
  git,
  initBareRepo,
  isAncestor,
  listBranches,
  listRefs,
  lsTree,
  mergeBase,
  mergeTrees,
  objectType,
  patchLines,
  readBlob,
  resolveCommit,
  revList,
  serveGitHttp,
  updateRef,
  type DiffFile,
} from "./github-git";
import { blobPage, escapeHtml, htmlDocument, pullPage, repoPage, type PullState } from "./github-pages";

/**
 * A local stand-in for GitHub that answers in GitHub's wire format: the OAuth
 * web flow (authorize page, token exchange), the REST endpoints the app calls,
 * git over smart HTTP for real bare repositories, signed webhook deliveries, and
 * a few HTML pages for the offline demo. The REST API is served both at `/api/v3`
 * (like GitHub Enterprise) and at the root, so `GITHUB_API_URL` can be either.
 *
 * Deliberate differences from github.com: git over HTTP always wants a token, even
 * for public repositories; token scopes are reported (X-OAuth-Scopes) but not
 * enforced; there are no forks, organisations' members, or issues that are not
 * pull requests; and the HTML pages need no login.
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

/** One request as seen by the fake: never the credentials, only whether some were sent. */
export type FakeGitHubRequest = { method: string; path: string; authorization: boolean };

export type FakePull = {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Login of who opened it. */
  author: string;
  head: { ref: string; sha: string };
  /** `sha` is the base branch's tip when the pull request was opened or merged. */
  base: { ref: string; sha: string };
};

export type FakeReviewComment = {
  id: number;
  reviewId: number;
  pullNumber: number;
  path: string;
  line: number | null;
  side: "LEFT" | "RIGHT";
  position: number | null;
  body: string;
  author: string;
  commitId: string;
  createdAt: string;
};

export type FakeReview = {
  id: number;
  pullNumber: number;
  body: string;
  state: "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "PENDING";
  author: string;
  commitId: string;
  submittedAt: string | null;
  comments: FakeReviewComment[];
};

export type FakeIssueComment = {
  id: number;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
};

export type FakeHook = {
  id: number;
  name: "web";
  active: boolean;
  events: string[];
  /** As given when created, secret included (the API never shows it back). */
  config: { url: string; content_type: "json" | "form"; secret: string | null; insecure_ssl: "0" | "1" };
  createdAt: string;
  updatedAt: string;
  lastResponse: { code: number | null; status: string; message: string | null };
};

export type FakeCheckRunStatus = "queued" | "in_progress" | "completed";
export type FakeCheckRunConclusion =
  "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

export type FakeCheckRun = {
  id: number;
  headSha: string;
  name: string;
  status: FakeCheckRunStatus;
  conclusion: FakeCheckRunConclusion | null;
  startedAt: string;
  completedAt: string | null;
};

export type FakeDelivery = {
  /** The X-GitHub-Delivery id. */
  id: string;
  hookId: number;
  repo: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
  /** The receiver's response body (or the connection error). */
  body: string;
};

export type FakeRepo = {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  cloneUrl: string;
  htmlUrl: string;
  /** The bare repository on disk. */
  gitDir: string;
  private: boolean;
  defaultBranch: string;
  description: string | null;
  /** Logins with push access besides the owner (the owner has admin). */
  collaborators: string[];
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
  pulls: FakePull[];
  reviews: FakeReview[];
  issueComments: FakeIssueComment[];
  hooks: FakeHook[];
  checkRuns: FakeCheckRun[];
  /** Branch names, sorted. */
  branches(): Promise<string[]>;
  /** A file's text at a branch or sha; null when the ref or file does not exist. */
  readFile(ref: string, path: string): Promise<string | null>;
  /** Commit subjects reachable from `ref`, newest first ([] when the ref does not exist). */
  log(ref: string): Promise<string[]>;
  /** The commit a branch or sha points at. */
  sha(ref: string): Promise<string | null>;
  /**
   * Commits `files` (null deletes) on `branch` as `options.author` (default: the owner),
   * creating the branch from `options.from` (default: the default branch) if needed — then
   * does what a push would: a `push` webhook, pull request synchronize. Returns the sha.
   */
  commit(
    branch: string,
    files: Record<string, string | null>,
    message: string,
    options?: { author?: string; from?: string },
  ): Promise<string>;
};

export type CreateRepoOptions = {
  files?: Record<string, string>;
  defaultBranch?: string;
  private?: boolean;
  collaborators?: string[];
  description?: string | null;
};

export type AddCheckRunInput = {
  headSha: string;
  name: string;
  status: FakeCheckRunStatus;
  conclusion?: FakeCheckRunConclusion | null;
};

export type MergeResult = { sha: string; merged: true; message: string };

export type FakeGitHub = {
  url: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  users: FakeGitHubUser[];
  /** Issues an OAuth access token (`gho_…`) for a user, as the OAuth flow would. */
  issueToken(login: string, scopes?: string[]): string;
  /** A classic personal access token (`ghp_…`); API responses carry its scopes in X-OAuth-Scopes. */
  issuePersonalToken(login: string, scopes?: string[]): string;
  /** Later requests with this token get 401. */
  revokeToken(token: string): void;
  /** Every request seen, for assertions. */
  requests: FakeGitHubRequest[];
  /** Every webhook delivery attempted, in order. */
  deliveries: FakeDelivery[];
  /** Makes a real bare repository with one commit of `files` on `defaultBranch`. */
  createRepo(owner: string, name: string, options?: CreateRepoOptions): Promise<FakeRepo>;
  repo(fullName: string): FakeRepo | undefined;
  /** Signs and POSTs `payload` to each active hook of the repo subscribed to `event` ("*" or the event). */
  deliverWebhook(
    repoFullName: string,
    event: string,
    payload: object,
  ): Promise<Array<{ hookId: number; status: number; body: string }>>;
  /** Records a check run (updating a not-yet-completed one of the same name and sha) and delivers `check_run`. */
  addCheckRun(repoFullName: string, run: AddCheckRunInput): Promise<FakeCheckRun>;
  /** What the merge endpoint does, as the repository owner; rejects when it is not mergeable. */
  mergePull(repoFullName: string, number: number, options?: { mergeMethod?: MergeMethod; by?: string }): Promise<MergeResult>;
  /** Resolves once every webhook delivery queued so far (and any they queued) is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

export const DEFAULT_FAKE_USERS: FakeGitHubUser[] = [
  { id: 583231, login: "octocat", name: "The Octocat", email: null, emails: ["octocat@example.test"] },
  { id: 9919, login: "hubot", name: "Hubot", email: "hubot@example.test" },
  { id: 4242, login: "monalisa", name: "Mona Lisa", email: "mona@example.test" },
];

const DOCS = "https://docs.github.com/rest";
const DEFAULT_OAUTH_SCOPES = ["read:user", "user:email"];
const DEFAULT_PAT_SCOPES = ["repo", "read:user", "user:email"];
const DELIVERY_TIMEOUT_MS = 10_000;
/** GitHub's own repository names: letters, digits, `.`, `-`, `_`. */
const NAME = /^[A-Za-z0-9._-]+$/;

type MergeMethod = "merge" | "squash" | "rebase";
type Permission = "admin" | "push" | "pull";
type TokenRecord = { login: string; scopes: string[] };
type Change = { ref: string; before: string; after: string };
/** An answer to send, and the webhooks that go out once it has been sent. */
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; events?: PreparedEvent[] };
/** A webhook about to be queued; `only` targets one hook (a ping) instead of every subscribed one. */
type PreparedEvent = { repo: FakeRepo; event: string; payload: Record<string, unknown>; only?: FakeHook };

/** The request being answered by the REST API. */
type Api = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  token: TokenRecord | undefined;
  viewer: string | undefined;
};

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const clientId = options.clientId ?? "fake-client-id";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const users = [...(options.users ?? DEFAULT_FAKE_USERS)];
  const codes = new Map<string, { login: string; redirectUri: string | null; scopes: string[] }>();
  const tokens = new Map<string, TokenRecord>();
  const requests: FakeGitHubRequest[] = [];
  const deliveries: FakeDelivery[] = [];
  const repos = new Map<string, FakeRepo>();
  const root = await mkdtemp(path.join(os.tmpdir(), "fake-github-"));
  let baseUrl = "";
  let apiUrl = "";
  let lastId = 1000;
  const nextId = () => ++lastId;
  /** Webhook deliveries run one after another, in the order their events happened. */
  let queue: Promise<unknown> = Promise.resolve();

  const issueToken = (login: string, scopes: string[] = DEFAULT_OAUTH_SCOPES) => {
    const token = `gho_${randomBytes(18).toString("hex")}`;
    tokens.set(token, { login, scopes });
    return token;
  };
  const issuePersonalToken = (login: string, scopes: string[] = DEFAULT_PAT_SCOPES) => {
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    tokens.set(token, { login, scopes });
    return token;
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      send(res, 500, { message: error instanceof Error ? error.message : "fake error" });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    requests.push({ method: req.method ?? "GET", path: url.pathname, authorization: Boolean(req.headers.authorization) });
    const prefixed = url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/");
    const apiPath = prefixed ? url.pathname.slice("/api/v3".length) || "/" : url.pathname;

    if (url.pathname === "/healthz") return send(res, 200, { status: "ok" });
    if (url.pathname.startsWith("/avatars/")) return avatar(url.pathname.slice("/avatars/".length), res);
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") return authorizePage(url, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/authorize/grant") return grant(req, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") return exchange(req, res);

    // Smart HTTP: /{owner}/{repo}.git/info/refs, …/git-upload-pack, …/git-receive-pack (".git" optional, as on GitHub).
    const gitRoute = url.pathname.match(/^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/);
    if (gitRoute && !prefixed) return gitHttp(req, res, url, gitRoute[1]!, gitRoute[2]!, gitRoute[3]!);

    if (prefixed || /^\/(user|repos)(\/|$)/.test(url.pathname)) return api(req, res, url, apiPath);
    if (await page(req, res, url)) return;
    return send(res, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
  }

  // ---------------------------------------------------------------- OAuth

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
    // The authorize URL's scope is space-separated (GitHub also accepts commas).
    const requested = (form.get("scope") ?? "").split(/[\s,]+/).filter(Boolean);
    codes.set(code, { login, redirectUri: redirectUri || null, scopes: requested.length ? requested : DEFAULT_OAUTH_SCOPES });
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
    // The token response lists scopes comma-separated, without spaces.
    send(res, 200, { access_token: issueToken(entry.login, entry.scopes), token_type: "bearer", scope: entry.scopes.join(",") });
  }

  // ---------------------------------------------------------------- accounts and tokens

  /**
   * The token in `Authorization`: `token X` and `Bearer X` (REST), or HTTP Basic
   * with the token as password — or as username, which GitHub also takes (git).
   * `undefined` when no credentials were sent, `null` when they are not a live token.
   */
  function credentials(req: http.IncomingMessage): TokenRecord | null | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const direct = header.match(/^(?:token|bearer)\s+(\S+)\s*$/i)?.[1];
    if (direct) return tokens.get(direct) ?? null;
    const basic = header.match(/^basic\s+(\S+)\s*$/i)?.[1];
    if (!basic) return null;
    const decoded = Buffer.from(basic, "base64").toString();
    const colon = decoded.indexOf(":");
    const username = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? "" : decoded.slice(colon + 1);
    return tokens.get(password) ?? tokens.get(username) ?? null;
  }

  function findUser(login: string) {
    return users.find((candidate) => candidate.login.toLowerCase() === login.toLowerCase());
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

  /** The short account object GitHub nests in repos, pulls and payloads (`owner`, `user`, `sender`). */
  function accountJson(login: string, unknownType: "User" | "Organization" = "User") {
    const user = findUser(login);
    const id = user?.id ?? syntheticId(login);
    return {
      login: user?.login ?? login,
      id,
      node_id: `${user || unknownType === "User" ? "U" : "O"}_${id}`,
      avatar_url: user?.avatar_url ?? `${baseUrl}/avatars/${login}`,
      url: `${apiUrl}/users/${login}`,
      html_url: `${baseUrl}/${login}`,
      type: user ? "User" : unknownType,
      site_admin: false,
    };
  }

  function identity(login: string) {
    const user = findUser(login);
    return {
      name: user?.name ?? login,
      email: user?.email ?? user?.emails?.[0] ?? `${login}@users.noreply.github.test`,
    };
  }

  // ---------------------------------------------------------------- repositories

  function findRepo(owner: string, name: string) {
    return repos.get(`${owner}/${name}`.toLowerCase());
  }

  function requireRepo(fullName: string) {
    const repo = repos.get(fullName.toLowerCase());
    if (!repo) throw new Error(`fake GitHub has no repository ${fullName}`);
    return repo;
  }

  /** Owner: admin. Collaborators: push. Anyone else: pull on public repos, nothing on private ones. */
  function permission(repo: FakeRepo, login: string | undefined): Permission | null {
    const lower = login?.toLowerCase();
    if (lower && lower === repo.owner.toLowerCase()) return "admin";
    if (lower && repo.collaborators.some((name) => name.toLowerCase() === lower)) return "push";
    return repo.private ? null : "pull";
  }

  const RANK: Record<Permission, number> = { pull: 1, push: 2, admin: 3 };
  const can = (repo: FakeRepo, login: string | undefined, wanted: Permission) => {
    const granted = permission(repo, login);
    return granted !== null && RANK[granted] >= RANK[wanted];
  };

  async function createRepo(owner: string, name: string, repoOptions: CreateRepoOptions = {}): Promise<FakeRepo> {
    const bad = (part: string) => !NAME.test(part) || part === "." || part === "..";
    if (bad(owner) || bad(name) || name.endsWith(".git")) throw new Error(`invalid repository name ${owner}/${name}`);
    if (findRepo(owner, name)) throw new Error(`fake GitHub already has ${owner}/${name}`);
    const defaultBranch = repoOptions.defaultBranch ?? "main";
    const gitDir = path.join(root, owner, `${name}.git`);
    await initBareRepo(gitDir, repoOptions.files ?? { "README.md": `# ${name}\n` }, defaultBranch);
    const created = now();
    const repo: FakeRepo = {
      id: nextId(),
      owner,
      name,
      fullName: `${owner}/${name}`,
      cloneUrl: `${baseUrl}/${owner}/${name}.git`,
      htmlUrl: `${baseUrl}/${owner}/${name}`,
      gitDir,
      private: repoOptions.private ?? false,
      defaultBranch,
      description: repoOptions.description ?? null,
      collaborators: [...(repoOptions.collaborators ?? [])],
      createdAt: created,
      updatedAt: created,
      pushedAt: created,
      pulls: [],
      reviews: [],
      issueComments: [],
      hooks: [],
      checkRuns: [],
      branches: async () => (await listBranches(gitDir)).map((branch) => branch.name),
      readFile: async (ref, file) => {
        const commit = await resolveCommit(gitDir, ref);
        return commit ? ((await readBlob(gitDir, commit, file))?.toString() ?? null) : null;
      },
      log: async (ref) => {
        const commit = await resolveCommit(gitDir, ref);
        if (!commit) return [];
        return (await git(["log", "--format=%s", commit], { gitDir })).stdout.split("\n").filter(Boolean);
      },
      sha: (ref) => resolveCommit(gitDir, ref),
      commit: async (branch, files, message, commitOptions = {}) => {
        const author = commitOptions.author ?? owner;
        const before = (await resolveCommit(gitDir, `refs/heads/${branch}`)) ?? ZERO_SHA;
        const after = await commitFiles(gitDir, branch, files, message, identity(author), commitOptions.from ?? defaultBranch);
        (await refsChanged(repo, [{ ref: `refs/heads/${branch}`, before, after }], author)).forEach(emit);
        return after;
      },
    };
    repos.set(repo.fullName.toLowerCase(), repo);
    return repo;
  }

  /** GitHub's full repository object; `permissions` only when asked for a viewer (as the API does). */
  function repoJson(repo: FakeRepo, viewer?: string | null) {
    const api = `${apiUrl}/repos/${repo.fullName}`;
    const granted = viewer === undefined ? undefined : permission(repo, viewer ?? undefined);
    return {
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: repo.fullName,
      private: repo.private,
      owner: accountJson(repo.owner, "Organization"),
      html_url: repo.htmlUrl,
      description: repo.description,
      fork: false,
      url: api,
      hooks_url: `${api}/hooks`,
      pulls_url: `${api}/pulls{/number}`,
      git_url: `git://${new URL(baseUrl).host}/${repo.fullName}.git`,
      ssh_url: `git@${new URL(baseUrl).hostname}:${repo.fullName}.git`,
      clone_url: repo.cloneUrl,
      homepage: null,
      size: 0,
      language: null,
      archived: false,
      disabled: false,
      visibility: repo.private ? "private" : "public",
      default_branch: repo.defaultBranch,
      created_at: repo.createdAt,
      updated_at: repo.updatedAt,
      pushed_at: repo.pushedAt,
      ...(granted === undefined
        ? {}
        : {
            permissions: {
              admin: granted === "admin",
              maintain: granted === "admin",
              push: granted === "admin" || granted === "push",
              triage: granted === "admin" || granted === "push",
              pull: granted !== null,
            },
          }),
    };
  }

  // ---------------------------------------------------------------- git over HTTP

  async function gitHttp(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    owner: string,
    name: string,
    action: string,
  ) {
    const service = action === "info/refs" ? url.searchParams.get("service") : action;
    if (service !== "git-upload-pack" && service !== "git-receive-pack") {
      // No dumb protocol: GitHub only speaks smart HTTP.
      return text(res, 403, "Please upgrade your git client.\n");
    }
    const token = credentials(req);
    if (!token) {
      // Git retries with credentials only after a 401 carrying a Basic challenge.
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="GitHub"', "Content-Type": "text/plain" });
      return res.end(token === null ? "Invalid username or token.\n" : "");
    }
    const repo = findRepo(owner, name);
    if (!repo || !permission(repo, token.login)) return text(res, 404, "Repository not found.\n");
    const pushing = service === "git-receive-pack";
    if (pushing && !can(repo, token.login, "push")) {
      return text(res, 403, `Permission to ${repo.fullName}.git denied to ${token.login}.\n`);
    }
    const before = pushing && req.method === "POST" ? await listRefs(repo.gitDir) : null;
    let events: PreparedEvent[] = [];
    await serveGitHttp(req, res, {
      projectRoot: root,
      pathInfo: `/${repo.owner}/${repo.name}.git/${action}`,
      remoteUser: token.login,
      receivePack: pushing,
      // Runs before the response ends, so once `git push` returns the fake has updated pull requests and queued webhooks.
      beforeEnd: async (status) => {
        if (!before || status !== 200) return;
        const after = await listRefs(repo.gitDir);
        const changes: Change[] = [];
        for (const ref of new Set([...before.keys(), ...after.keys()])) {
          const old = before.get(ref) ?? ZERO_SHA;
          const next = after.get(ref) ?? ZERO_SHA;
          if (old !== next) changes.push({ ref, before: old, after: next });
        }
        events = await refsChanged(repo, changes, token.login);
      },
    });
    events.forEach(emit);
  }

  /**
   * What follows a ref update (a push, a merge, a deleted branch): a `push` webhook
   * per ref, then the pull requests it touches — synchronized when their head moved,
   * closed when their head branch is gone, merged when their head is now in their base.
   */
  async function refsChanged(repo: FakeRepo, changes: Change[], pusher: string): Promise<PreparedEvent[]> {
    if (!changes.length) return [];
    repo.pushedAt = repo.updatedAt = now();
    const events: PreparedEvent[] = [];
    for (const change of changes) events.push({ repo, event: "push", payload: await pushPayload(repo, change, pusher) });
    for (const change of changes) {
      if (!change.ref.startsWith("refs/heads/")) continue;
      const branch = change.ref.slice("refs/heads/".length);
      for (const pull of repo.pulls) {
        if (pull.state !== "open") continue;
        if (pull.head.ref === branch && change.after === ZERO_SHA) {
          pull.state = "closed";
          pull.closedAt = pull.updatedAt = now();
          events.push(await pullEvent(repo, pull, "closed", pusher));
        } else if (pull.head.ref === branch && pull.head.sha !== change.after) {
          const previous = pull.head.sha;
          pull.head.sha = change.after;
          pull.updatedAt = now();
          events.push(await pullEvent(repo, pull, "synchronize", pusher, { before: previous, after: change.after }));
        } else if (
          pull.base.ref === branch &&
          change.after !== ZERO_SHA &&
          (await isAncestor(repo.gitDir, pull.head.sha, change.after))
        ) {
          // Someone pushed the pull request's commits to its base themselves: GitHub marks it merged.
          markMerged(pull, change.after, change.before, pusher);
          events.push(await pullEvent(repo, pull, "closed", pusher));
        }
      }
    }
    return events;
  }

  async function pushPayload(repo: FakeRepo, change: Change, pusher: string) {
    const created = change.before === ZERO_SHA;
    const deleted = change.after === ZERO_SHA;
    let shas: string[] = [];
    if (!deleted) {
      // A new branch lists the commits no other branch had; an update those since `before`.
      const others = created
        ? [...(await listRefs(repo.gitDir))].filter(([ref]) => ref !== change.ref).map(([, sha]) => sha)
        : [change.before];
      shas = (await revList(repo.gitDir, change.after, others)).reverse();
    }
    const commits = [];
    for (const sha of shas) commits.push(await pushCommitJson(repo, sha));
    const head = deleted ? null : (commits.at(-1) ?? (await pushCommitJson(repo, change.after)));
    const forced = !created && !deleted && !(await isAncestor(repo.gitDir, change.before, change.after));
    return {
      ref: change.ref,
      before: change.before,
      after: change.after,
      created,
      deleted,
      forced,
      base_ref: null,
      compare: `${repo.htmlUrl}/compare/${change.before.slice(0, 12)}...${change.after.slice(0, 12)}`,
      commits,
      head_commit: head,
      pusher: { name: pusher, email: identity(pusher).email },
      sender: accountJson(pusher),
    };
  }

  async function pushCommitJson(repo: FakeRepo, sha: string) {
    const info = await commitInfo(repo.gitDir, sha);
    const person = (who: { name: string; email: string }) => {
      const user = users.find((candidate) => candidate.email === who.email || candidate.emails?.includes(who.email));
      return { name: who.name, email: who.email, ...(user ? { username: user.login } : {}) };
    };
    return {
      id: info.sha,
      tree_id: info.tree,
      distinct: true,
      message: info.message,
      timestamp: info.author.date,
      url: `${repo.htmlUrl}/commit/${info.sha}`,
      author: person(info.author),
      committer: person(info.committer),
      ...(await commitChanges(repo.gitDir, sha)),
    };
  }

  // ---------------------------------------------------------------- pull requests

  function pullHtmlUrl(repo: FakeRepo, pull: FakePull) {
    return `${repo.htmlUrl}/pull/${pull.number}`;
  }

  /** The tips a pull request's diff is between: live for open ones, as recorded for closed ones. */
  async function pullRange(repo: FakeRepo, pull: FakePull) {
    const baseTip =
      pull.state === "open"
        ? ((await resolveCommit(repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha)
        : pull.base.sha;
    const from = (await mergeBase(repo.gitDir, baseTip, pull.head.sha)) ?? baseTip;
    return { baseTip, from, to: pull.head.sha };
  }

  async function pullFiles(repo: FakeRepo, pull: FakePull): Promise<DiffFile[]> {
    const range = await pullRange(repo, pull);
    return diffFiles(repo.gitDir, range.from, range.to);
  }

  function authorAssociation(repo: FakeRepo, login: string) {
    const granted = permission(repo, login);
    return granted === "admin" ? "OWNER" : granted === "push" ? "COLLABORATOR" : "CONTRIBUTOR";
  }

  /**
   * GitHub's pull request object. Lists return the "simple" form; a single pull
   * request (and webhook payloads) add `merged`, `mergeable`, counts and so on.
   */
  async function pullJson(repo: FakeRepo, pull: FakePull, full: boolean) {
    const api = `${apiUrl}/repos/${repo.fullName}`;
    const range = await pullRange(repo, pull);
    const branch = (ref: string, sha: string) => ({
      label: `${repo.owner}:${ref}`,
      ref,
      sha,
      user: accountJson(repo.owner, "Organization"),
      repo: repoJson(repo),
    });
    const simple = {
      url: `${api}/pulls/${pull.number}`,
      id: pull.id,
      node_id: `PR_${pull.id}`,
      html_url: pullHtmlUrl(repo, pull),
      diff_url: `${pullHtmlUrl(repo, pull)}.diff`,
      patch_url: `${pullHtmlUrl(repo, pull)}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${api}/pulls/${pull.number}/commits`,
      review_comments_url: `${api}/pulls/${pull.number}/comments`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${pull.head.sha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: accountJson(pull.author),
      body: pull.body,
      labels: [],
      milestone: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: pull.closedAt,
      merged_at: pull.mergedAt,
      merge_commit_sha: pull.mergeCommitSha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pull.head.ref, pull.head.sha),
      base: branch(pull.base.ref, range.baseTip),
      author_association: authorAssociation(repo, pull.author),
      auto_merge: null,
      draft: pull.draft,
    };
    if (!full) return simple;
    const files = await diffFiles(repo.gitDir, range.from, range.to);
    // GitHub computes mergeability in the background (null at first); a merge-tree answers at once.
    const mergeable = pull.state === "open" ? (await mergeTrees(repo.gitDir, range.baseTip, pull.head.sha)) !== null : null;
    return {
      ...simple,
      merged: pull.merged,
      mergeable,
      rebaseable: mergeable,
      mergeable_state: pull.state !== "open" ? "unknown" : pull.draft ? "draft" : mergeable ? "clean" : "dirty",
      merged_by: pull.mergedBy ? accountJson(pull.mergedBy) : null,
      comments: repo.issueComments.filter((comment) => comment.issueNumber === pull.number).length,
      review_comments: repo.reviews
        .filter((review) => review.pullNumber === pull.number && review.state !== "PENDING")
        .reduce((sum, review) => sum + review.comments.length, 0),
      maintainer_can_modify: false,
      commits: (await revList(repo.gitDir, range.to, [range.from], 10_000)).length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changed_files: files.length,
    };
  }

  async function pullEvent(
    repo: FakeRepo,
    pull: FakePull,
    action: string,
    sender: string,
    extra: Record<string, unknown> = {},
  ): Promise<PreparedEvent> {
    return {
      repo,
      event: "pull_request",
      payload: {
        action,
        number: pull.number,
        ...extra,
        pull_request: await pullJson(repo, pull, true),
        sender: accountJson(sender),
      },
    };
  }

  function markMerged(pull: FakePull, mergeSha: string, baseBefore: string, by: string) {
    pull.merged = true;
    pull.state = "closed";
    pull.mergedAt = pull.closedAt = pull.updatedAt = now();
    pull.mergedBy = by;
    pull.mergeCommitSha = mergeSha;
    pull.base.sha = baseBefore;
  }

  /**
   * Merges like the merge button: `merge` always makes a merge commit (GitHub never
   * fast-forwards), `squash` one commit on the base, `rebase` fast-forwards when it
   * can (the fake does not replay commits). Uses `git merge-tree` and `commit-tree`,
   * so no work tree is needed, and moves the base branch with a compare-and-swap.
   */
  async function merge(
    repo: FakeRepo,
    pull: FakePull,
    by: string,
    input: { method?: MergeMethod; sha?: string; title?: string; message?: string },
  ): Promise<Reply> {
    const method = input.method ?? "merge";
    if (pull.state !== "open" || pull.merged) return { status: 405, body: { message: "Pull Request is not mergeable" } };
    if (pull.draft) return { status: 405, body: { message: "Pull Request is still a draft" } };
    if (input.sha && input.sha !== pull.head.sha) {
      return { status: 409, body: { message: "Head branch was modified. Review and try the merge again." } };
    }
    const baseRef = `refs/heads/${pull.base.ref}`;
    const baseTip = await resolveCommit(repo.gitDir, baseRef);
    if (!baseTip) return { status: 405, body: { message: "Pull Request is not mergeable" } };
    let sha: string;
    if (method === "rebase") {
      if (!(await isAncestor(repo.gitDir, baseTip, pull.head.sha)))
        return { status: 405, body: { message: "This branch can't be rebased" } };
      sha = pull.head.sha;
    } else {
      const tree = await mergeTrees(repo.gitDir, baseTip, pull.head.sha);
      if (!tree) return { status: 405, body: { message: "Pull Request is not mergeable" } };
      let message: string;
      if (method === "squash") {
        const subjects = (
          await git(["log", "--format=* %s", `${baseTip}..${pull.head.sha}`], { gitDir: repo.gitDir })
        ).stdout.trim();
        message = `${input.title ?? `${pull.title} (#${pull.number})`}\n\n${input.message ?? subjects}`;
      } else {
        message = `${input.title ?? `Merge pull request #${pull.number} from ${repo.owner}/${pull.head.ref}`}\n\n${input.message ?? pull.title}`;
      }
      const parents = method === "squash" ? [baseTip] : [baseTip, pull.head.sha];
      sha = await commitTree(repo.gitDir, tree, parents, message.trim(), identity(by));
    }
    try {
      await updateRef(repo.gitDir, baseRef, sha, baseTip);
    } catch {
      return { status: 409, body: { message: "Base branch was modified. Review and try the merge again." } };
    }
    markMerged(pull, sha, baseTip, by);
    const events = [await pullEvent(repo, pull, "closed", by)];
    events.push(...(await refsChanged(repo, [{ ref: baseRef, before: baseTip, after: sha }], by)));
    return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" }, events };
  }

  // ---------------------------------------------------------------- webhooks

  function hookJson(repo: FakeRepo, hook: FakeHook) {
    const api = `${apiUrl}/repos/${repo.fullName}/hooks/${hook.id}`;
    return {
      type: "Repository",
      id: hook.id,
      name: hook.name,
      active: hook.active,
      events: hook.events,
      // GitHub never shows a secret back, only that there is one.
      config: {
        url: hook.config.url,
        content_type: hook.config.content_type,
        insecure_ssl: hook.config.insecure_ssl,
        ...(hook.config.secret ? { secret: "********" } : {}),
      },
      updated_at: hook.updatedAt,
      created_at: hook.createdAt,
      url: api,
      test_url: `${api}/test`,
      ping_url: `${api}/pings`,
      deliveries_url: `${api}/deliveries`,
      last_response: hook.lastResponse,
    };
  }

  /** Queues an event for every active hook subscribed to it; call after answering the request that caused it. */
  function emit(prepared: PreparedEvent) {
    const targets = prepared.only
      ? [prepared.only]
      : prepared.repo.hooks.filter((hook) => hook.active && (hook.events.includes("*") || hook.events.includes(prepared.event)));
    enqueue(() => deliverAll(prepared, targets)).catch(() => {});
  }

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function deliverAll(prepared: PreparedEvent, hooks: FakeHook[]) {
    const results = [];
    for (const hook of hooks) results.push(await deliver(prepared, hook));
    return results;
  }

  async function deliver(prepared: PreparedEvent, hook: FakeHook) {
    const { repo, event } = prepared;
    const payload = { ...prepared.payload };
    payload.repository ??= repoJson(repo);
    payload.sender ??= accountJson(repo.owner);
    const json = JSON.stringify(payload);
    // A "form" hook gets the JSON as a `payload` form field; the signature covers the exact bytes sent.
    const raw = hook.config.content_type === "form" ? `payload=${encodeURIComponent(json)}` : json;
    const id = randomUUID();
    const headers: Record<string, string> = {
      "Content-Type": hook.config.content_type === "form" ? "application/x-www-form-urlencoded" : "application/json",
      "User-Agent": "GitHub-Hookshot/fake",
      "X-GitHub-Event": event,
      "X-GitHub-Delivery": id,
      "X-GitHub-Hook-ID": String(hook.id),
      "X-GitHub-Hook-Installation-Target-Type": "repository",
      "X-GitHub-Hook-Installation-Target-ID": String(repo.id),
    };
    if (hook.config.secret) {
      headers["X-Hub-Signature"] = `sha1=${createHmac("sha1", hook.config.secret).update(raw).digest("hex")}`;
      headers["X-Hub-Signature-256"] = `sha256=${createHmac("sha256", hook.config.secret).update(raw).digest("hex")}`;
    }
    let status = 0;
    let body = "";
    try {
      const response = await fetch(hook.config.url, {
        method: "POST",
        headers,
        body: raw,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      body = await response.text();
    } catch (error) {
      body =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ""}`
          : String(error);
    }
    hook.lastResponse = {
      code: status || null,
      status: status >= 200 && status < 300 ? "active" : "failed",
      message: status ? `${status}` : body,
    };
    const action = typeof payload.action === "string" ? payload.action : null;
    deliveries.push({ id, hookId: hook.id, repo: repo.fullName, event, action, payload, status, body });
    return { hookId: hook.id, status, body };
  }

  // ---------------------------------------------------------------- check runs

  function checkRunJson(repo: FakeRepo, run: FakeCheckRun) {
    return {
      id: run.id,
      node_id: `CR_${run.id}`,
      head_sha: run.headSha,
      external_id: String(run.id),
      url: `${apiUrl}/repos/${repo.fullName}/check-runs/${run.id}`,
      html_url: `${repo.htmlUrl}/runs/${run.id}`,
      details_url: `${repo.htmlUrl}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.startedAt,
      completed_at: run.completedAt,
      output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: "" },
      name: run.name,
      check_suite: { id: run.id },
      app: { id: 1, slug: "fake-ci", name: "Fake CI", owner: accountJson(repo.owner, "Organization") },
      pull_requests: repo.pulls
        .filter((pull) => pull.state === "open" && pull.head.sha === run.headSha)
        .map((pull) => ({
          url: `${apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`,
          id: pull.id,
          number: pull.number,
          head: {
            ref: pull.head.ref,
            sha: pull.head.sha,
            repo: { id: repo.id, url: `${apiUrl}/repos/${repo.fullName}`, name: repo.name },
          },
          base: {
            ref: pull.base.ref,
            sha: pull.base.sha,
            repo: { id: repo.id, url: `${apiUrl}/repos/${repo.fullName}`, name: repo.name },
          },
        })),
    };
  }

  async function addCheckRun(repoFullName: string, input: AddCheckRunInput) {
    const repo = requireRepo(repoFullName);
    const headSha = (await resolveCommit(repo.gitDir, input.headSha)) ?? input.headSha;
    const completed = input.status === "completed";
    let run = repo.checkRuns.find(
      (candidate) => candidate.headSha === headSha && candidate.name === input.name && candidate.status !== "completed",
    );
    if (!run) {
      run = {
        id: nextId(),
        headSha,
        name: input.name,
        status: input.status,
        conclusion: null,
        startedAt: now(),
        completedAt: null,
      };
      repo.checkRuns.push(run);
    }
    run.status = input.status;
    run.conclusion = completed ? (input.conclusion ?? "success") : null;
    run.completedAt = completed ? now() : null;
    const json = checkRunJson(repo, run);
    emit({ repo, event: "check_run", payload: { action: completed ? "completed" : "created", check_run: json } });
    if (completed) {
      // Each fake run is alone in its suite, so the suite completes with it (GitHub sends both events).
      const branch = (await listBranches(repo.gitDir)).find((candidate) => candidate.sha === headSha);
      emit({
        repo,
        event: "check_suite",
        payload: {
          action: "completed",
          check_suite: {
            id: run.id,
            node_id: `CS_${run.id}`,
            head_branch: branch?.name ?? null,
            head_sha: headSha,
            status: "completed",
            conclusion: run.conclusion,
            url: `${apiUrl}/repos/${repo.fullName}/check-suites/${run.id}`,
            app: json.app,
            pull_requests: json.pull_requests,
            created_at: run.startedAt,
            updated_at: run.completedAt,
          },
        },
      });
    }
    return run;
  }

  // ---------------------------------------------------------------- REST

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL, apiPath: string) {
    const token = credentials(req);
    const ctx: Api = { req, res, url, token: token ?? undefined, viewer: token?.login };
    if (token === null) return reply(ctx, error(401, "Bad credentials"));
    const method = req.method ?? "GET";

    if (apiPath === "/user" || apiPath === "/user/emails" || apiPath === "/user/repos") {
      if (!ctx.viewer) return reply(ctx, error(401, "Requires authentication"));
      if (method !== "GET") return reply(ctx, error(404, "Not Found"));
      const user = findUser(ctx.viewer);
      if (apiPath === "/user") return reply(ctx, { status: 200, body: user ? userJson(user) : accountJson(ctx.viewer) });
      if (apiPath === "/user/repos") return reply(ctx, listUserRepos(ctx));
      const emails = user?.emails ?? (user?.email ? [user.email] : []);
      return reply(ctx, {
        status: 200,
        body: emails.map((email, index) => ({
          email,
          primary: index === 0,
          verified: true,
          visibility: index === 0 ? "private" : null,
        })),
      });
    }

    const repoRoute = apiPath.match(/^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/);
    if (repoRoute) {
      const repo = findRepo(decode(repoRoute[1]!), decode(repoRoute[2]!));
      // Private repositories someone cannot see are "Not Found", never "Forbidden", so they don't leak.
      if (!repo || !permission(repo, ctx.viewer)) return reply(ctx, error(404, "Not Found"));
      const rest = decode((repoRoute[3] ?? "").replace(/\/$/, ""));
      return reply(ctx, await repoApi(ctx, repo, method, rest));
    }
    return reply(ctx, error(404, "Not Found"));
  }

  /** Sends the answer, then queues its webhooks. */
  function reply(ctx: Api, answer: Reply) {
    sendReply(ctx, answer);
    answer.events?.forEach(emit);
  }

  function sendReply(ctx: Api, answer: Reply) {
    const headers: Record<string, string> = {
      "X-GitHub-Media-Type": "github.v3; format=json",
      "X-GitHub-Request-Id": randomBytes(8).toString("hex").toUpperCase(),
      "X-RateLimit-Limit": "5000",
      "X-RateLimit-Remaining": "4999",
      "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600),
      "X-RateLimit-Used": "1",
      "X-RateLimit-Resource": "core",
      ...(ctx.token ? { "X-OAuth-Scopes": ctx.token.scopes.join(", "), "X-Accepted-OAuth-Scopes": "" } : {}),
      ...answer.headers,
    };
    if (answer.status === 204 || answer.body === undefined) {
      ctx.res.writeHead(answer.status, headers);
      return ctx.res.end();
    }
    if (Buffer.isBuffer(answer.body)) {
      ctx.res.writeHead(answer.status, { "Content-Type": "application/vnd.github.raw; charset=utf-8", ...headers });
      return ctx.res.end(answer.body);
    }
    send(ctx.res, answer.status, answer.body, headers);
  }

  function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
    return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
  }

  /** 422 the way GitHub words field problems: `{ resource, code, field, message }` entries. */
  function invalid(...errors: Record<string, string>[]): Reply {
    return error(422, "Validation Failed", { errors });
  }

  /** 422 with plain-string errors, as the reviews API words them. */
  function unprocessable(message: string): Reply {
    return error(422, "Unprocessable Entity", { errors: [message] });
  }

  /**
   * One page of a list, with GitHub's `Link` header (next/last, prev/first) built
   * from the URL that was asked for, so Octokit's paginate follows it.
   */
  function paginate<T>(ctx: Api, items: T[], wrap?: (page: T[]) => unknown): Reply {
    const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
    const pageNumber = Math.max(1, Math.floor(Number(ctx.url.searchParams.get("page")) || 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
    const link = (page: number, rel: string) => {
      const target = new URL(`${baseUrl}${ctx.url.pathname}${ctx.url.search}`);
      target.searchParams.set("per_page", String(perPage));
      target.searchParams.set("page", String(page));
      return `<${target.toString()}>; rel="${rel}"`;
    };
    const links = [];
    if (pageNumber > 1) links.push(link(pageNumber - 1, "prev"));
    if (pageNumber < last) links.push(link(pageNumber + 1, "next"), link(last, "last"));
    if (pageNumber > 1) links.push(link(1, "first"));
    return { status: 200, body: wrap ? wrap(slice) : slice, headers: links.length ? { Link: links.join(", ") } : {} };
  }

  function listUserRepos(ctx: Api): Reply {
    const params = ctx.url.searchParams;
    const type = params.get("type");
    if (type && (params.has("visibility") || params.has("affiliation"))) {
      return invalid({
        resource: "Repository",
        code: "invalid",
        field: "type",
        message: "type cannot be combined with visibility or affiliation",
      });
    }
    const visibility = type === "public" || type === "private" ? type : (params.get("visibility") ?? "all");
    const affiliation = (
      type === "owner"
        ? "owner"
        : type === "member"
          ? "collaborator"
          : (params.get("affiliation") ?? "owner,collaborator,organization_member")
    ).split(",");
    const viewer = ctx.viewer!.toLowerCase();
    const sort = params.get("sort") ?? "full_name";
    const direction = params.get("direction") ?? (sort === "full_name" ? "asc" : "desc");
    const key = (repo: FakeRepo) =>
      sort === "created"
        ? repo.createdAt
        : sort === "updated"
          ? repo.updatedAt
          : sort === "pushed"
            ? repo.pushedAt
            : repo.fullName.toLowerCase();
    const list = [...repos.values()]
      .filter((repo) => {
        const owned = repo.owner.toLowerCase() === viewer;
        const collaborating = repo.collaborators.some((name) => name.toLowerCase() === viewer);
        if (!((owned && affiliation.includes("owner")) || (collaborating && affiliation.includes("collaborator")))) return false;
        return visibility === "all" || (visibility === "private") === repo.private;
      })
      // Same-second timestamps tie; the id keeps creation order.
      .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (direction === "asc" ? 1 : -1))
      .map((repo) => repoJson(repo, ctx.viewer));
    return paginate(ctx, list);
  }

  async function repoApi(ctx: Api, repo: FakeRepo, method: string, rest: string): Promise<Reply> {
    let match: RegExpMatchArray | null;
    if (rest === "" && method === "GET") return { status: 200, body: repoJson(repo, ctx.viewer ?? null) };
    if (rest === "branches" && method === "GET") return listBranchesReply(ctx, repo);
    if ((match = rest.match(/^branches\/(.+)$/)) && method === "GET") return getBranch(repo, match[1]!);
    if ((match = rest.match(/^git\/trees\/(.+)$/)) && method === "GET") return getTree(ctx, repo, match[1]!);
    if ((match = rest.match(/^contents(?:\/(.*))?$/)) && method === "GET") return getContents(ctx, repo, match[1] ?? "");
    if ((match = rest.match(/^git\/refs\/(.+)$/)) && method === "DELETE") return deleteRefReply(ctx, repo, match[1]!);
    if ((match = rest.match(/^commits\/(.+)\/check-runs$/)) && method === "GET") return listCheckRuns(ctx, repo, match[1]!);
    if (rest === "pulls" && method === "GET") return listPulls(ctx, repo);
    if (rest === "pulls" && method === "POST") return createPull(ctx, repo);
    if (rest === "hooks" && method === "GET") {
      if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
      return paginate(
        ctx,
        repo.hooks.map((hook) => hookJson(repo, hook)),
      );
    }
    if (rest === "hooks" && method === "POST") return createHook(ctx, repo);
    if ((match = rest.match(/^hooks\/(\d+)(\/pings)?$/)))
      return hookReply(ctx, repo, method, Number(match[1]), Boolean(match[2]));

    if ((match = rest.match(/^(pulls|issues)\/(\d+)(?:\/(.+))?$/))) {
      const pull = repo.pulls.find((candidate) => candidate.number === Number(match![2]));
      if (!pull) return error(404, "Not Found");
      const kind = match[1];
      const sub = match[3] ?? "";
      if (kind === "issues" && sub === "comments") {
        if (method === "GET") {
          return paginate(
            ctx,
            repo.issueComments
              .filter((comment) => comment.issueNumber === pull.number)
              .map((comment) => issueCommentJson(repo, comment)),
          );
        }
        if (method === "POST") return createIssueComment(ctx, repo, pull);
      }
      if (kind === "pulls" && sub === "" && method === "GET") return { status: 200, body: await pullJson(repo, pull, true) };
      if (kind === "pulls" && sub === "" && method === "PATCH") return updatePull(ctx, repo, pull);
      if (kind === "pulls" && sub === "merge" && method === "GET") return pull.merged ? { status: 204 } : error(404, "Not Found");
      if (kind === "pulls" && sub === "merge" && method === "PUT") {
        if (!can(repo, ctx.viewer, "push")) return error(403, "Must have push access to repository");
        const body = await readJson(ctx.req);
        if (!body) return error(400, "Problems parsing JSON");
        const method = str(body.merge_method) ?? "merge";
        if (!["merge", "squash", "rebase"].includes(method)) {
          return invalid({ resource: "PullRequest", code: "invalid", field: "merge_method" });
        }
        return merge(repo, pull, ctx.viewer!, {
          method: method as MergeMethod,
          sha: str(body.sha),
          title: str(body.commit_title),
          message: str(body.commit_message),
        });
      }
      if (kind === "pulls" && sub === "files" && method === "GET") {
        return paginate(
          ctx,
          (await pullFiles(repo, pull)).map((file) => fileJson(repo, pull, file)),
        );
      }
      if (kind === "pulls" && sub === "reviews" && method === "GET") {
        return paginate(
          ctx,
          repo.reviews.filter((review) => review.pullNumber === pull.number).map((review) => reviewJson(repo, review)),
        );
      }
      if (kind === "pulls" && sub === "reviews" && method === "POST") return createReview(ctx, repo, pull);
      if (kind === "pulls" && sub === "comments" && method === "GET") {
        const comments = repo.reviews
          .filter((review) => review.pullNumber === pull.number && review.state !== "PENDING")
          .flatMap((review) => review.comments);
        return paginate(
          ctx,
          comments.map((comment) => reviewCommentJson(repo, comment)),
        );
      }
    }
    return error(404, "Not Found");
  }

  async function listBranchesReply(ctx: Api, repo: FakeRepo): Promise<Reply> {
    if (ctx.url.searchParams.get("protected") === "true") return paginate(ctx, []);
    const branches = await listBranches(repo.gitDir);
    return paginate(
      ctx,
      branches.map((branch) => ({
        name: branch.name,
        commit: { sha: branch.sha, url: `${apiUrl}/repos/${repo.fullName}/commits/${branch.sha}` },
        protected: false,
      })),
    );
  }

  async function getBranch(repo: FakeRepo, name: string): Promise<Reply> {
    const sha = await resolveCommit(repo.gitDir, `refs/heads/${name}`);
    if (!sha) return error(404, "Branch not found");
    const info = await commitInfo(repo.gitDir, sha);
    const api = `${apiUrl}/repos/${repo.fullName}`;
    return {
      status: 200,
      body: {
        name,
        commit: {
          sha,
          node_id: `C_${sha}`,
          commit: {
            author: info.author,
            committer: info.committer,
            message: info.message,
            tree: { sha: info.tree, url: `${api}/git/trees/${info.tree}` },
            url: `${api}/git/commits/${sha}`,
          },
          url: `${api}/commits/${sha}`,
          html_url: `${repo.htmlUrl}/commit/${sha}`,
          parents: info.parents.map((parent) => ({ sha: parent, url: `${api}/commits/${parent}` })),
          author: null,
          committer: null,
        },
        _links: { self: `${api}/branches/${name}`, html: `${repo.htmlUrl}/tree/${name}` },
        protected: false,
        protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
        protection_url: `${api}/branches/${name}/protection`,
      },
    };
  }

  /** `tree_sha` may be a tree, a commit or a branch name; `recursive` with any value recurses, as on GitHub. */
  async function getTree(ctx: Api, repo: FakeRepo, treeish: string): Promise<Reply> {
    const commit = await resolveCommit(repo.gitDir, treeish);
    const tree = commit ? `${commit}^{tree}` : treeish;
    if ((await objectType(repo.gitDir, tree)) !== "tree" || treeish.startsWith("-")) return error(404, "Not Found");
    const sha = (await git(["rev-parse", tree], { gitDir: repo.gitDir })).stdout.trim();
    const entries = await lsTree(repo.gitDir, sha, { recursive: ctx.url.searchParams.has("recursive") });
    const api = `${apiUrl}/repos/${repo.fullName}/git`;
    return {
      status: 200,
      body: {
        sha,
        url: `${api}/trees/${sha}`,
        tree: entries.map((entry) => ({
          path: entry.path,
          mode: entry.mode,
          type: entry.type,
          sha: entry.sha,
          ...(entry.size === undefined ? {} : { size: entry.size }),
          url: `${api}/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`,
        })),
        truncated: false,
      },
    };
  }

  async function getContents(ctx: Api, repo: FakeRepo, filePath: string): Promise<Reply> {
    const ref = ctx.url.searchParams.get("ref") || repo.defaultBranch;
    const commit = await resolveCommit(repo.gitDir, ref);
    if (!commit) return error(404, `No commit found for the ref ${ref}`);
    const type = filePath ? await objectType(repo.gitDir, `${commit}:${filePath}`) : "tree";
    const links = (entryPath: string, entryType: string, sha: string) => {
      const self = `${apiUrl}/repos/${repo.fullName}/contents/${entryPath}?ref=${encodeURIComponent(ref)}`;
      const git = `${apiUrl}/repos/${repo.fullName}/git/${entryType === "dir" ? "trees" : "blobs"}/${sha}`;
      const htmlUrl = `${repo.htmlUrl}/${entryType === "dir" ? "tree" : "blob"}/${ref}/${entryPath}`;
      return {
        url: self,
        html_url: htmlUrl,
        git_url: git,
        download_url: entryType === "file" ? `${repo.htmlUrl}/raw/${ref}/${entryPath}` : null,
        _links: { self, git, html: htmlUrl },
      };
    };
    if (type === "blob") {
      const content = (await readBlob(repo.gitDir, commit, filePath))!;
      const sha = (await git(["rev-parse", `${commit}:${filePath}`], { gitDir: repo.gitDir })).stdout.trim();
      // `Accept: application/vnd.github.raw` (Octokit's mediaType.format "raw") gets the bytes themselves.
      if (/\.raw\b/.test(String(ctx.req.headers.accept))) return { status: 200, body: content };
      return {
        status: 200,
        body: {
          type: "file",
          encoding: "base64",
          size: content.length,
          name: path.posix.basename(filePath),
          path: filePath,
          // GitHub wraps the base64 at 60 characters, each line ending in "\n".
          content: (content.toString("base64").match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join(""),
          sha,
          ...links(filePath, "file", sha),
        },
      };
    }
    if (type !== "tree") return error(404, "Not Found");
    const entries = await lsTree(repo.gitDir, commit, filePath ? { path: filePath } : {});
    return {
      status: 200,
      body: entries.map((entry) => {
        const kind = entry.type === "tree" ? "dir" : entry.type === "commit" ? "submodule" : "file";
        return {
          type: kind,
          size: entry.size ?? 0,
          name: path.posix.basename(entry.path),
          path: entry.path,
          sha: entry.sha,
          ...links(entry.path, kind, entry.sha),
        };
      }),
    };
  }

  async function deleteRefReply(ctx: Api, repo: FakeRepo, ref: string): Promise<Reply> {
    if (!can(repo, ctx.viewer, "push")) return error(403, "Must have push access to repository");
    const full = `refs/${ref}`;
    const sha = (await listRefs(repo.gitDir)).get(full);
    if (!sha) return error(422, "Reference does not exist");
    if (full === `refs/heads/${repo.defaultBranch}`) return error(422, "Cannot delete the default branch");
    await deleteRef(repo.gitDir, full);
    return { status: 204, events: await refsChanged(repo, [{ ref: full, before: sha, after: ZERO_SHA }], ctx.viewer!) };
  }

  async function listCheckRuns(ctx: Api, repo: FakeRepo, ref: string): Promise<Reply> {
    const sha = (await resolveCommit(repo.gitDir, ref)) ?? (/^[0-9a-f]{40}$/.test(ref) ? ref : null);
    if (!sha) return error(422, `No commit found for SHA: ${ref}`);
    const params = ctx.url.searchParams;
    let runs = repo.checkRuns.filter(
      (run) =>
        run.headSha === sha &&
        (!params.get("check_name") || run.name === params.get("check_name")) &&
        (!params.get("status") || run.status === params.get("status")),
    );
    // filter=latest (the default) keeps the newest run of each name.
    if (params.get("filter") !== "all")
      runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
    const all = [...runs].reverse().map((run) => checkRunJson(repo, run));
    return paginate(ctx, all, (page) => ({ total_count: all.length, check_runs: page }));
  }

  async function listPulls(ctx: Api, repo: FakeRepo): Promise<Reply> {
    const params = ctx.url.searchParams;
    const state = params.get("state") ?? "open";
    const head = params.get("head");
    const [headOwner, headRef] = head?.includes(":") ? head.split(/:(.*)/s) : [repo.owner, head];
    const base = params.get("base");
    const sort = params.get("sort") ?? "created";
    // GitHub: newest first when sorting by creation (the default), oldest first otherwise.
    const direction = params.get("direction") ?? (sort === "created" ? "desc" : "asc");
    const pulls = repo.pulls
      .filter(
        (pull) =>
          (state === "all" || pull.state === state) &&
          (!head || (headOwner!.toLowerCase() === repo.owner.toLowerCase() && pull.head.ref === headRef)) &&
          (!base || pull.base.ref === base),
      )
      .sort(
        (a, b) =>
          (sort === "updated" ? compare(a.updatedAt, b.updatedAt) || a.id - b.id : a.id - b.id) * (direction === "asc" ? 1 : -1),
      );
    const json = [];
    for (const pull of pulls) json.push(await pullJson(repo, pull, false));
    return paginate(ctx, json);
  }

  async function createPull(ctx: Api, repo: FakeRepo): Promise<Reply> {
    if (!ctx.viewer) return error(401, "Requires authentication");
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    const title = str(body.title);
    let head = str(body.head);
    const base = str(body.base);
    for (const [field, value] of [
      ["head", head],
      ["base", base],
      ["title", title],
    ] as const) {
      if (!value) return invalid({ resource: "PullRequest", code: "missing_field", field });
    }
    if (head!.includes(":")) {
      const [owner, ref] = head!.split(/:(.*)/s) as [string, string];
      // No forks here: a head in another account's repository cannot exist.
      if (owner.toLowerCase() !== repo.owner.toLowerCase())
        return invalid({ resource: "PullRequest", code: "invalid", field: "head" });
      head = ref;
    }
    const baseSha = await resolveCommit(repo.gitDir, `refs/heads/${base}`);
    if (!baseSha) return invalid({ resource: "PullRequest", code: "invalid", field: "base" });
    const headSha = await resolveCommit(repo.gitDir, `refs/heads/${head}`);
    if (!headSha) return invalid({ resource: "PullRequest", code: "invalid", field: "head" });
    if (repo.pulls.some((pull) => pull.state === "open" && pull.head.ref === head && pull.base.ref === base)) {
      return invalid({
        resource: "PullRequest",
        code: "custom",
        message: `A pull request already exists for ${repo.owner}:${head}.`,
      });
    }
    if (!(await revList(repo.gitDir, headSha, [baseSha], 1)).length) {
      return invalid({ resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` });
    }
    const created = now();
    const pull: FakePull = {
      id: nextId(),
      number: repo.pulls.length + 1,
      title: title!,
      body: str(body.body) ?? null,
      state: "open",
      draft: body.draft === true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      closedAt: null,
      createdAt: created,
      updatedAt: created,
      author: ctx.viewer,
      head: { ref: head!, sha: headSha },
      base: { ref: base!, sha: baseSha },
    };
    repo.pulls.push(pull);
    const opened = await pullEvent(repo, pull, "opened", ctx.viewer);
    const location = `${apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`;
    return { status: 201, body: opened.payload.pull_request, headers: { Location: location }, events: [opened] };
  }

  async function updatePull(ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
    if (ctx.viewer?.toLowerCase() !== pull.author.toLowerCase() && !can(repo, ctx.viewer, "push")) {
      return error(403, "Must have push access to repository");
    }
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    const changes: Record<string, { from: string | null }> = {};
    const events: PreparedEvent[] = [];
    if (typeof body.title === "string" && body.title !== pull.title) {
      changes.title = { from: pull.title };
      pull.title = body.title;
    }
    if ((typeof body.body === "string" || body.body === null) && body.body !== pull.body) {
      changes.body = { from: pull.body };
      pull.body = body.body;
    }
    if (typeof body.base === "string" && body.base !== pull.base.ref) {
      const sha = await resolveCommit(repo.gitDir, `refs/heads/${body.base}`);
      if (!sha) return invalid({ resource: "PullRequest", code: "invalid", field: "base" });
      changes.base = { from: pull.base.ref };
      pull.base = { ref: body.base, sha };
    }
    if (Object.keys(changes).length) {
      pull.updatedAt = now();
      events.push(
        await pullEvent(repo, pull, "edited", ctx.viewer!, {
          changes: Object.fromEntries(
            Object.entries(changes).map(([key, value]) => [key, key === "base" ? { ref: value } : value]),
          ),
        }),
      );
    }
    if (body.state === "closed" && pull.state === "open") {
      pull.state = "closed";
      pull.closedAt = pull.updatedAt = now();
      pull.base.sha = (await resolveCommit(repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha;
      events.push(await pullEvent(repo, pull, "closed", ctx.viewer!));
    } else if (body.state === "open" && pull.state === "closed") {
      if (pull.merged)
        return invalid({
          resource: "PullRequest",
          code: "custom",
          field: "state",
          message: "state cannot be changed. The pull request has been merged.",
        });
      if (!(await resolveCommit(repo.gitDir, `refs/heads/${pull.head.ref}`))) {
        return invalid({
          resource: "PullRequest",
          code: "custom",
          field: "state",
          message: "state cannot be changed. The head branch was deleted.",
        });
      }
      pull.state = "open";
      pull.closedAt = null;
      pull.updatedAt = now();
      events.push(await pullEvent(repo, pull, "reopened", ctx.viewer!));
    } else if (body.state !== undefined && body.state !== "open" && body.state !== "closed") {
      return invalid({ resource: "PullRequest", code: "invalid", field: "state" });
    }
    return { status: 200, body: await pullJson(repo, pull, true), events };
  }

  function fileJson(repo: FakeRepo, pull: FakePull, file: DiffFile) {
    const ref = file.status === "removed" ? pull.base.sha : pull.head.sha;
    return {
      sha: file.sha,
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${repo.htmlUrl}/blob/${ref}/${file.filename}`,
      raw_url: `${repo.htmlUrl}/raw/${ref}/${file.filename}`,
      contents_url: `${apiUrl}/repos/${repo.fullName}/contents/${file.filename}?ref=${ref}`,
      ...(file.patch === undefined ? {} : { patch: file.patch }),
      ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
    };
  }

  function reviewJson(repo: FakeRepo, review: FakeReview) {
    const pullUrl = `${repo.htmlUrl}/pull/${review.pullNumber}`;
    return {
      id: review.id,
      node_id: `PRR_${review.id}`,
      user: accountJson(review.author),
      body: review.body,
      state: review.state,
      html_url: `${pullUrl}#pullrequestreview-${review.id}`,
      pull_request_url: `${apiUrl}/repos/${repo.fullName}/pulls/${review.pullNumber}`,
      author_association: authorAssociation(repo, review.author),
      ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
      commit_id: review.commitId,
      _links: {
        html: { href: `${pullUrl}#pullrequestreview-${review.id}` },
        pull_request: { href: `${apiUrl}/repos/${repo.fullName}/pulls/${review.pullNumber}` },
      },
    };
  }

  function reviewCommentJson(repo: FakeRepo, comment: FakeReviewComment) {
    return {
      id: comment.id,
      node_id: `PRRC_${comment.id}`,
      pull_request_review_id: comment.reviewId,
      path: comment.path,
      line: comment.line,
      side: comment.side,
      position: comment.position,
      body: comment.body,
      user: accountJson(comment.author),
      commit_id: comment.commitId,
      created_at: comment.createdAt,
      updated_at: comment.createdAt,
      html_url: `${repo.htmlUrl}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
      pull_request_url: `${apiUrl}/repos/${repo.fullName}/pulls/${comment.pullNumber}`,
      author_association: authorAssociation(repo, comment.author),
    };
  }

  async function createReview(ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
    if (!ctx.viewer) return error(401, "Requires authentication");
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    const event = str(body.event);
    const states = { APPROVE: "APPROVED", REQUEST_CHANGES: "CHANGES_REQUESTED", COMMENT: "COMMENTED" } as const;
    if (event !== undefined && !(event in states))
      return invalid({ resource: "PullRequestReview", code: "invalid", field: "event" });
    const own = ctx.viewer.toLowerCase() === pull.author.toLowerCase();
    if (own && event === "APPROVE") return unprocessable("Can not approve your own pull request");
    if (own && event === "REQUEST_CHANGES") return unprocessable("Can not request changes on your own pull request");
    const reviewBody = str(body.body) ?? "";
    const rawComments = Array.isArray(body.comments) ? (body.comments as Record<string, unknown>[]) : [];
    if ((event === "REQUEST_CHANGES" || event === "COMMENT") && !reviewBody && !rawComments.length) {
      return unprocessable(`Review body is required for ${event}`);
    }
    const files = await pullFiles(repo, pull);
    const id = nextId();
    const createdAt = now();
    const commitId = str(body.commit_id) ?? pull.head.sha;
    const comments: FakeReviewComment[] = [];
    for (const raw of rawComments) {
      const file = files.find((candidate) => candidate.filename === raw.path);
      if (!file) return unprocessable("Path could not be resolved");
      const lines = patchLines(file.patch ?? "");
      const side = raw.side === "LEFT" ? "LEFT" : "RIGHT";
      const line = typeof raw.line === "number" ? raw.line : null;
      const position = typeof raw.position === "number" ? raw.position : null;
      if (line !== null && !(side === "LEFT" ? lines.left : lines.right).has(line))
        return unprocessable("Line could not be resolved");
      if (line === null && (position === null || position < 1 || position > lines.positions))
        return unprocessable("Position could not be resolved");
      comments.push({
        id: nextId(),
        reviewId: id,
        pullNumber: pull.number,
        path: file.filename,
        line,
        side,
        position,
        body: str(raw.body) ?? "",
        author: ctx.viewer,
        commitId,
        createdAt,
      });
    }
    const review: FakeReview = {
      id,
      pullNumber: pull.number,
      body: reviewBody,
      state: event ? states[event as keyof typeof states] : "PENDING",
      author: ctx.viewer,
      commitId,
      submittedAt: event ? createdAt : null,
      comments,
    };
    repo.reviews.push(review);
    const events: PreparedEvent[] = [];
    if (review.state !== "PENDING") {
      events.push({
        repo,
        event: "pull_request_review",
        payload: {
          action: "submitted",
          review: reviewJson(repo, review),
          pull_request: await pullJson(repo, pull, false),
          sender: accountJson(ctx.viewer),
        },
      });
    }
    return { status: 200, body: reviewJson(repo, review), events };
  }

  function issueCommentJson(repo: FakeRepo, comment: FakeIssueComment) {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
      html_url: `${repo.htmlUrl}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: `${apiUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
      body: comment.body,
      user: accountJson(comment.author),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      author_association: authorAssociation(repo, comment.author),
    };
  }

  async function createIssueComment(ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
    if (!ctx.viewer) return error(401, "Requires authentication");
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    const commentBody = str(body.body);
    if (!commentBody) return invalid({ resource: "IssueComment", code: "missing_field", field: "body" });
    const createdAt = now();
    const comment: FakeIssueComment = {
      id: nextId(),
      issueNumber: pull.number,
      body: commentBody,
      author: ctx.viewer,
      createdAt,
      updatedAt: createdAt,
    };
    repo.issueComments.push(comment);
    const json = issueCommentJson(repo, comment);
    // Pull requests are issues too: the payload's issue carries a `pull_request` link.
    const issue = {
      number: pull.number,
      title: pull.title,
      state: pull.state,
      body: pull.body,
      user: accountJson(pull.author),
      html_url: pullHtmlUrl(repo, pull),
      pull_request: {
        url: `${apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`,
        html_url: pullHtmlUrl(repo, pull),
        merged_at: pull.mergedAt,
      },
    };
    return {
      status: 201,
      body: json,
      events: [
        { repo, event: "issue_comment", payload: { action: "created", issue, comment: json, sender: accountJson(ctx.viewer) } },
      ],
    };
  }

  async function createHook(ctx: Api, repo: FakeRepo): Promise<Reply> {
    // Hooks are an admin matter; GitHub hides them from everyone else.
    if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
    const body = await readJson(ctx.req);
    if (!body) return error(400, "Problems parsing JSON");
    if (body.name !== undefined && body.name !== "web") return invalid({ resource: "Hook", code: "invalid", field: "name" });
    const config = (body.config ?? {}) as Record<string, unknown>;
    const target = str(config.url);
    if (!target || !/^https?:\/\//.test(target))
      return invalid({ resource: "Hook", code: "custom", message: "Config must contain URL." });
    if (repo.hooks.some((hook) => hook.config.url === target)) {
      return invalid({ resource: "Hook", code: "custom", message: "Hook already exists on this repository" });
    }
    const created = now();
    const hook: FakeHook = {
      id: nextId(),
      name: "web",
      active: body.active !== false,
      events: Array.isArray(body.events) && body.events.length ? body.events.map(String) : ["push"],
      config: {
        url: target,
        // GitHub's default is "form", not "json".
        content_type: config.content_type === "json" ? "json" : "form",
        secret: str(config.secret) ?? null,
        insecure_ssl: String(config.insecure_ssl ?? "0") === "1" ? "1" : "0",
      },
      createdAt: created,
      updatedAt: created,
      lastResponse: { code: null, status: "unused", message: null },
    };
    repo.hooks.push(hook);
    return { status: 201, body: hookJson(repo, hook), events: [pingEvent(repo, hook, ctx.viewer!)] };
  }

  /** GitHub pings a new hook, whatever events it asked for. */
  function pingEvent(repo: FakeRepo, hook: FakeHook, sender: string): PreparedEvent {
    return {
      repo,
      event: "ping",
      only: hook,
      payload: { zen: "Keep it logically awesome.", hook_id: hook.id, hook: hookJson(repo, hook), sender: accountJson(sender) },
    };
  }

  async function hookReply(ctx: Api, repo: FakeRepo, method: string, id: number, ping: boolean): Promise<Reply> {
    if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
    const hook = repo.hooks.find((candidate) => candidate.id === id);
    if (!hook) return error(404, "Not Found");
    if (ping && method === "POST") return { status: 204, events: [pingEvent(repo, hook, ctx.viewer!)] };
    if (ping) return error(404, "Not Found");
    if (method === "GET") return { status: 200, body: hookJson(repo, hook) };
    if (method === "DELETE") {
      repo.hooks.splice(repo.hooks.indexOf(hook), 1);
      return { status: 204 };
    }
    if (method === "PATCH") {
      const body = await readJson(ctx.req);
      if (!body) return error(400, "Problems parsing JSON");
      const config = body.config as Record<string, unknown> | undefined;
      if (config) {
        if (str(config.url)) hook.config.url = str(config.url)!;
        if (config.content_type === "json" || config.content_type === "form") hook.config.content_type = config.content_type;
        if (config.secret !== undefined) hook.config.secret = str(config.secret) ?? null;
        if (config.insecure_ssl !== undefined) hook.config.insecure_ssl = String(config.insecure_ssl) === "1" ? "1" : "0";
      }
      if (Array.isArray(body.events)) hook.events = body.events.map(String);
      if (Array.isArray(body.add_events)) hook.events = [...new Set([...hook.events, ...body.add_events.map(String)])];
      if (Array.isArray(body.remove_events))
        hook.events = hook.events.filter((event) => !(body.remove_events as unknown[]).includes(event));
      if (typeof body.active === "boolean") hook.active = body.active;
      hook.updatedAt = now();
      return { status: 200, body: hookJson(repo, hook) };
    }
    return error(404, "Not Found");
  }

  // ---------------------------------------------------------------- pages

  /** The HTML side: `/{owner}/{repo}`, `/tree/{ref}`, `/blob/{ref}/{path}`, `/raw/{ref}/{path}`, `/pull/{n}` (+ merge). */
  async function page(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    let parts: string[];
    try {
      parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return false;
    }
    if (parts.length < 2) return false;
    const repo = findRepo(parts[0]!, parts[1]!.replace(/\.git$/, ""));
    if (!repo) return false;
    const [section, ...rest] = parts.slice(2);
    const method = req.method ?? "GET";
    if (method === "GET" && (section === undefined || (section === "tree" && rest.length))) {
      await repoPageReply(res, repo, section === undefined ? repo.defaultBranch : rest.join("/"));
      return true;
    }
    if (method === "GET" && (section === "blob" || section === "raw") && rest.length > 1) {
      for (let split = 1; split < rest.length; split++) {
        const commit = await resolveCommit(repo.gitDir, rest.slice(0, split).join("/"));
        const content = commit && (await readBlob(repo.gitDir, commit, rest.slice(split).join("/")));
        if (!content) continue;
        if (section === "raw") {
          res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
          res.end(content);
        } else {
          html(
            res,
            200,
            "",
            blobPage({
              fullName: repo.fullName,
              repoHref: repo.htmlUrl,
              ref: rest.slice(0, split).join("/"),
              path: rest.slice(split).join("/"),
              content: content.toString(),
            }),
          );
        }
        return true;
      }
      return false;
    }
    const pull = section === "pull" ? repo.pulls.find((candidate) => String(candidate.number) === rest[0]) : undefined;
    if (!pull) return false;
    if (method === "GET" && rest.length === 1) {
      const files = await pullFiles(repo, pull);
      const state: PullState = pull.merged ? "Merged" : pull.state === "open" ? "Open" : "Closed";
      html(
        res,
        200,
        "",
        pullPage({
          fullName: repo.fullName,
          repoHref: repo.htmlUrl,
          number: pull.number,
          title: pull.title,
          body: pull.body,
          state,
          author: pull.author,
          head: pull.head.ref,
          base: pull.base.ref,
          mergeAction: pull.state === "open" ? `/${repo.fullName}/pull/${pull.number}/merge` : null,
          error: url.searchParams.get("error"),
          files,
        }),
      );
      return true;
    }
    if (method === "POST" && rest.length === 2 && rest[1] === "merge") {
      await readBody(req);
      const result = await merge(repo, pull, repo.owner, {});
      const target = new URL(`${repo.htmlUrl}/pull/${pull.number}`);
      if (result.status !== 200) target.searchParams.set("error", (result.body as { message: string }).message);
      // 303: the browser follows with a GET, like GitHub's own form posts.
      res.writeHead(303, { Location: target.pathname + target.search });
      res.end();
      result.events?.forEach(emit);
      return true;
    }
    return false;
  }

  async function repoPageReply(res: http.ServerResponse, repo: FakeRepo, ref: string) {
    const commit = await resolveCommit(repo.gitDir, ref);
    if (!commit) return html(res, 404, "<h1>Branch not found</h1>");
    const files = (await lsTree(repo.gitDir, commit, { recursive: true })).filter((entry) => entry.type === "blob");
    html(
      res,
      200,
      "",
      repoPage({
        fullName: repo.fullName,
        description: repo.description,
        isPrivate: repo.private,
        cloneUrl: repo.cloneUrl,
        branch: ref,
        defaultBranch: repo.defaultBranch,
        branches: await repo.branches(),
        files: files.map((file) => ({ path: file.path, type: "file", href: `/${repo.fullName}/blob/${ref}/${file.path}` })),
        pulls: [...repo.pulls].reverse().map((pull) => ({
          number: pull.number,
          title: pull.title,
          state: pull.merged ? "Merged" : pull.state === "open" ? "Open" : "Closed",
          href: `/${repo.fullName}/pull/${pull.number}`,
        })),
        hrefFor: (branch) => `/${repo.fullName}/tree/${branch}`,
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  apiUrl = `${baseUrl}/api/v3`;

  const idle = async () => {
    // Deliveries can queue more deliveries; wait until the queue stops growing.
    for (let current = queue; ; current = queue) {
      await current;
      if (current === queue) return;
    }
  };

  return {
    url: baseUrl,
    apiUrl,
    clientId,
    clientSecret,
    users,
    issueToken,
    issuePersonalToken,
    revokeToken: (token) => void tokens.delete(token),
    requests,
    deliveries,
    createRepo,
    repo: (fullName) => repos.get(fullName.toLowerCase()),
    deliverWebhook: async (repoFullName, event, payload) => {
      const repo = requireRepo(repoFullName);
      const targets = repo.hooks.filter((hook) => hook.active && (hook.events.includes("*") || hook.events.includes(event)));
      return enqueue(() => deliverAll({ repo, event, payload: { ...(payload as Record<string, unknown>) } }, targets));
    },
    addCheckRun,
    mergePull: async (repoFullName, number, mergeOptions = {}) => {
      const repo = requireRepo(repoFullName);
      const pull = repo.pulls.find((candidate) => candidate.number === number);
      if (!pull) throw new Error(`${repoFullName} has no pull request #${number}`);
      const result = await merge(repo, pull, mergeOptions.by ?? repo.owner, { method: mergeOptions.mergeMethod });
      if (result.status !== 200)
        throw new Error(`cannot merge ${repoFullName}#${number}: ${(result.body as { message: string }).message}`);
      result.events?.forEach(emit);
      return result.body as MergeResult;
    },
    idle,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await idle();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function now() {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

function compare(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable id for an account the fake was not told about (an organisation, a collaborator). */
function syntheticId(login: string) {
  return 10_000_000 + (createHash("sha1").update(login.toLowerCase()).digest().readUInt32BE(0) % 10_000_000);
}

function decode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function text(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(body);
}

/** `document`, when given, is a whole page from github-pages; otherwise `body` is wrapped in one. */
function html(res: http.ServerResponse, status: number, body: string, document?: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
  res.end(document ?? htmlDocument("GitHub (fake)", body));
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

/** The JSON body as an object ({} when empty); null when it is not JSON. */
async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown> | null> {
  const raw = await readBody(req);
  if (!raw.trim()) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
