// The fake's data model and the handle tests hold.
import type http from "node:http";

export type FakeGitHubUser = {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
  avatar_url?: string;
  /** Emails returned by /user/emails (30 a page unless asked, as GitHub pages them). */
  emails?: string[];
  /** Which of `emails` is primary; the first unless set (GitHub does not promise the primary comes first). */
  primaryEmail?: string;
};

export type FakeGitHubOptions = {
  clientId?: string;
  clientSecret?: string;
  users?: FakeGitHubUser[];
  port?: number;
};

/** One request as seen by the fake: never the credentials, only whether some were sent. */
export type FakeGitHubRequest = { method: string; path: string; authorization: boolean };

/**
 * One REST answer as sent: `path` without `/api/v3` or the query; `body` the JSON (undefined when
 * empty or `raw`, the bytes of a file asked for as application/vnd.github.raw).
 */
/** A REST answer as sent: `headers` lower-cased, as the wire carries them. */
export type FakeGitHubResponse = {
  method: string;
  path: string;
  status: number;
  body: unknown;
  raw: boolean;
  headers: Record<string, string>;
};

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
  /**
   * The X-GitHub-Delivery GUID. GitHub gives one event the same GUID at every hook subscribed to it,
   * and a redelivery reuses the GUID of the delivery it repeats.
   */
  id: string;
  /** The delivery's numeric id in the REST API (`/hooks/{hook_id}/deliveries/{delivery_id}`): one per attempt. */
  number: number;
  redelivery: boolean;
  hookId: number;
  repo: string;
  event: string;
  action: string | null;
  payload: Record<string, unknown>;
  /** The receiver's HTTP status, or 0 when it could not be reached. */
  status: number;
  /** The receiver's response body (or the connection error). */
  body: string;
  /** The request headers sent with it (X-GitHub-Event, X-GitHub-Delivery, signatures…). */
  headers: Record<string, string>;
  /** The receiver's response headers. */
  responseHeaders: Record<string, string>;
  /** When it was sent, and how long the receiver took (seconds), as the deliveries API reports them. */
  deliveredAt: string;
  duration: number;
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
  /** Every REST answer sent, in order, so contract tests can check it against GitHub's OpenAPI description. */
  responses: FakeGitHubResponse[];
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
  /** What "Redeliver" does: sends delivery `number` again to its hook, with the same GUID and payload. */
  redeliver(number: number): Promise<{ hookId: number; status: number; body: string }>;
  /** Records a check run (updating a not-yet-completed one of the same name and sha) and delivers `check_run`. */
  addCheckRun(repoFullName: string, run: AddCheckRunInput): Promise<FakeCheckRun>;
  /** What the merge endpoint does, as the repository owner; rejects when it is not mergeable. */
  mergePull(repoFullName: string, number: number, options?: { mergeMethod?: MergeMethod; by?: string }): Promise<MergeResult>;
  /** Refuses the next `limit.requests` REST requests with a rate limit, as GitHub does. */
  rateLimit(limit: FakeRateLimit): void;
  /** Resolves once every webhook delivery queued so far (and any they queued) is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A refusal for the next `requests` REST requests. Secondary: 403 (or `status` 429) with
 * `Retry-After: retryAfter` (default 60). Primary: 403 with `X-RateLimit-Remaining: 0` and a reset
 * `resetInSeconds` from now (default 3600). `path` (e.g. `/repos/o/r/branches`) limits only that
 * endpoint, so background requests cannot use the refusals up.
 */
export type FakeRateLimit = { requests: number; path?: string } & (
  { kind: "secondary"; retryAfter?: number; status?: 403 | 429 } | { kind: "primary"; resetInSeconds?: number }
);

export type MergeMethod = "merge" | "squash" | "rebase";
export type Permission = "admin" | "push" | "pull";
/** `kind`: an OAuth app's token (`gho_…`) or a classic personal access token (`ghp_…`); GitHub words refusals by it. */
export type TokenRecord = { login: string; scopes: string[]; kind: "oauth" | "pat" };
export type Change = { ref: string; before: string; after: string };
/** An answer to send, and the webhooks that go out once it has been sent. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; events?: PreparedEvent[] };
/** A webhook about to be queued; `only` targets one hook (a ping) instead of every subscribed one. */
export type PreparedEvent = { repo: FakeRepo; event: string; payload: Record<string, unknown>; only?: FakeHook };

/** The request being answered by the REST API. */
export type Api = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** The path below the API's root (`/api/v3` stripped). */
  apiPath: string;
  token: TokenRecord | undefined;
  viewer: string | undefined;
};
