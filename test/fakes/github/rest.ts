// The REST API's frame: credentials, routing to each resource, GitHub's error shapes and pagination.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { accountJson, credentials, findUser, publicUserJson, userJson } from "./accounts";
import { listCheckRuns } from "./checks";
import { decode, readJson, send, str } from "./http";
import { takeRateLimit } from "./rate-limits";
import { createPull, fileJson, listPulls, merge, pullFiles, pullJson, updatePull } from "./pulls";
import {
  can,
  deleteRefReply,
  findRepo,
  fullRepoJson,
  getBranch,
  getContents,
  getTree,
  listBranchesReply,
  listUserRepos,
  permission,
} from "./repos";
import { createIssueComment, createReview, issueCommentJson, reviewCommentJson, reviewJson } from "./reviews";
import { createHook, deliveriesReply, emit, hookJson, hookReply } from "./webhooks";
import type { FakeGitHubStore } from "./store";
import type { Api, FakeRepo, MergeMethod, Reply } from "./types";

export const DOCS = "https://docs.github.com/rest";

export async function api(
  store: FakeGitHubStore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  apiPath: string,
) {
  const token = credentials(store, req);
  const ctx: Api = { req, res, url, apiPath, token: token ?? undefined, viewer: token?.login };
  if (token === null) return reply(store, ctx, error(401, "Bad credentials"));
  const limited = takeRateLimit(store, apiPath, ctx.viewer);
  if (limited) return reply(store, ctx, limited);
  const method = req.method ?? "GET";

  if (apiPath === "/user" || apiPath === "/user/emails" || apiPath === "/user/repos") {
    if (!ctx.viewer) return reply(store, ctx, error(401, "Requires authentication"));
    if (method !== "GET") return reply(store, ctx, error(404, "Not Found"));
    const user = findUser(store, ctx.viewer);
    if (apiPath === "/user")
      return reply(store, ctx, { status: 200, body: user ? userJson(store, user) : accountJson(store, ctx.viewer) });
    if (apiPath === "/user/repos") return reply(store, ctx, listUserRepos(store, ctx));
    const emails = user?.emails ?? (user?.email ? [user.email] : []);
    const primary = user?.primaryEmail ?? emails[0];
    const entries = emails.map((email) => ({
      email,
      primary: email === primary,
      verified: true,
      visibility: email === primary ? "private" : null,
    }));
    return reply(store, ctx, paginate(store, ctx, entries));
  }

  const userRoute = apiPath.match(/^\/users\/([^/]+)$/);
  if (userRoute && method === "GET") {
    const user = findUser(store, decodeURIComponent(userRoute[1]!));
    // GET /users/{username} shows the public profile ("public-user"), without the private counts.
    return reply(store, ctx, user ? { status: 200, body: publicUserJson(store, user) } : error(404, "Not Found"));
  }

  const repoRoute = apiPath.match(/^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/);
  if (repoRoute) {
    const repo = findRepo(store, decode(repoRoute[1]!), decode(repoRoute[2]!));
    // Private repositories someone cannot see are "Not Found", never "Forbidden", so they don't leak.
    if (!repo || !permission(repo, ctx.viewer)) return reply(store, ctx, error(404, "Not Found"));
    const rest = decode((repoRoute[3] ?? "").replace(/\/$/, ""));
    return reply(store, ctx, await repoApi(store, ctx, repo, method, rest));
  }
  return reply(store, ctx, error(404, "Not Found"));
}

/** Sends the answer, then queues its webhooks. */
function reply(store: FakeGitHubStore, ctx: Api, answer: Reply) {
  const sent = sendReply(ctx, answer);
  // Recorded as the wire carries it (undefined fields dropped), not as the handler built it.
  const raw = Buffer.isBuffer(answer.body);
  const body: unknown = answer.body === undefined || raw ? undefined : JSON.parse(JSON.stringify(answer.body));
  const headers = Object.fromEntries(Object.entries(sent).map(([name, value]) => [name.toLowerCase(), value]));
  store.responses.push({ method: ctx.req.method ?? "GET", path: ctx.apiPath, status: answer.status, body, raw, headers });
  answer.events?.forEach((event) => emit(store, event));
}

/** Sends the answer; returns the headers it went out with. */
function sendReply(ctx: Api, answer: Reply): Record<string, string> {
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
    ctx.res.end();
    return headers;
  }
  if (Buffer.isBuffer(answer.body)) {
    const raw = { "Content-Type": "application/vnd.github.raw; charset=utf-8", ...headers };
    ctx.res.writeHead(answer.status, raw);
    ctx.res.end(answer.body);
    return raw;
  }
  send(ctx.res, answer.status, answer.body, headers);
  return { "Content-Type": "application/json; charset=utf-8", ...headers };
}

export function error(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

/** 422 the way GitHub words field problems: `{ resource, code, field, message }` entries. */
export function invalid(...errors: Record<string, string>[]): Reply {
  return error(422, "Validation Failed", { errors });
}

/** 422 with plain-string errors, as the reviews API words them. */
export function unprocessable(message: string): Reply {
  return error(422, "Unprocessable Entity", { errors: [message] });
}

/**
 * One page of a list, with GitHub's `Link` header (next/last, prev/first) built
 * from the URL that was asked for, so Octokit's paginate follows it.
 */
export function paginate<T>(store: FakeGitHubStore, ctx: Api, items: T[], wrap?: (page: T[]) => unknown): Reply {
  const perPage = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get("per_page")) || 30));
  const pageNumber = Math.max(1, Math.floor(Number(ctx.url.searchParams.get("page")) || 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  const link = (page: number, rel: string) => {
    const target = new URL(`${store.baseUrl}${ctx.url.pathname}${ctx.url.search}`);
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

async function repoApi(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, method: string, rest: string): Promise<Reply> {
  let match: RegExpMatchArray | null;
  if (rest === "" && method === "GET") return { status: 200, body: fullRepoJson(store, repo, ctx.viewer ?? null) };
  if (rest === "branches" && method === "GET") return listBranchesReply(store, ctx, repo);
  if ((match = rest.match(/^branches\/(.+)$/)) && method === "GET") return getBranch(store, repo, match[1]!);
  if ((match = rest.match(/^git\/trees\/(.+)$/)) && method === "GET") return getTree(store, ctx, repo, match[1]!);
  if ((match = rest.match(/^contents(?:\/(.*))?$/)) && method === "GET") return getContents(store, ctx, repo, match[1] ?? "");
  if ((match = rest.match(/^git\/refs\/(.+)$/)) && method === "DELETE") return deleteRefReply(store, ctx, repo, match[1]!);
  if ((match = rest.match(/^commits\/(.+)\/check-runs$/)) && method === "GET") return listCheckRuns(store, ctx, repo, match[1]!);
  if (rest === "pulls" && method === "GET") return listPulls(store, ctx, repo);
  if (rest === "pulls" && method === "POST") return createPull(store, ctx, repo);
  if (rest === "hooks" && method === "GET") {
    if (!can(repo, ctx.viewer, "admin")) return error(404, "Not Found");
    return paginate(
      store,
      ctx,
      repo.hooks.map((hook) => hookJson(store, repo, hook)),
    );
  }
  if (rest === "hooks" && method === "POST") return createHook(store, ctx, repo);
  if ((match = rest.match(/^hooks\/(\d+)(\/pings)?$/)))
    return hookReply(store, ctx, repo, method, Number(match[1]), Boolean(match[2]));
  if ((match = rest.match(/^hooks\/(\d+)\/deliveries(?:\/(\d+))?$/)) && method === "GET")
    return deliveriesReply(store, ctx, repo, Number(match[1]), match[2] === undefined ? undefined : Number(match[2]));
  if ((match = rest.match(/^hooks\/(\d+)\/deliveries\/(\d+)\/attempts$/)))
    return hookReply(store, ctx, repo, method, Number(match[1]), false, Number(match[2]));

  if ((match = rest.match(/^(pulls|issues)\/(\d+)(?:\/(.+))?$/))) {
    const pull = repo.pulls.find((candidate) => candidate.number === Number(match![2]));
    if (!pull) return error(404, "Not Found");
    const kind = match[1];
    const sub = match[3] ?? "";
    if (kind === "issues" && sub === "comments") {
      if (method === "GET") {
        return paginate(
          store,
          ctx,
          repo.issueComments
            .filter((comment) => comment.issueNumber === pull.number)
            .map((comment) => issueCommentJson(store, repo, comment)),
        );
      }
      if (method === "POST") return createIssueComment(store, ctx, repo, pull);
    }
    if (kind === "pulls" && sub === "" && method === "GET") return { status: 200, body: await pullJson(store, repo, pull, true) };
    if (kind === "pulls" && sub === "" && method === "PATCH") return updatePull(store, ctx, repo, pull);
    if (kind === "pulls" && sub === "merge" && method === "GET") return pull.merged ? { status: 204 } : error(404, "Not Found");
    if (kind === "pulls" && sub === "merge" && method === "PUT") {
      if (!can(repo, ctx.viewer, "push")) return error(403, "Must have push access to repository");
      const body = await readJson(ctx.req);
      if (!body) return error(400, "Problems parsing JSON");
      const method = str(body.merge_method) ?? "merge";
      if (!["merge", "squash", "rebase"].includes(method)) {
        return invalid({ resource: "PullRequest", code: "invalid", field: "merge_method" });
      }
      return merge(store, repo, pull, ctx.viewer!, {
        method: method as MergeMethod,
        sha: str(body.sha),
        title: str(body.commit_title),
        message: str(body.commit_message),
      });
    }
    if (kind === "pulls" && sub === "files" && method === "GET") {
      return paginate(
        store,
        ctx,
        (await pullFiles(repo, pull)).map((file) => fileJson(store, repo, pull, file)),
      );
    }
    if (kind === "pulls" && sub === "reviews" && method === "GET") {
      return paginate(
        store,
        ctx,
        repo.reviews.filter((review) => review.pullNumber === pull.number).map((review) => reviewJson(store, repo, review)),
      );
    }
    if (kind === "pulls" && sub === "reviews" && method === "POST") return createReview(store, ctx, repo, pull);
    if (kind === "pulls" && sub === "comments" && method === "GET") {
      const comments = repo.reviews
        .filter((review) => review.pullNumber === pull.number && review.state !== "PENDING")
        .flatMap((review) => review.comments);
      return paginate(
        store,
        ctx,
        comments.map((comment) => reviewCommentJson(store, repo, comment)),
      );
    }
  }
  return error(404, "Not Found");
}
