import { rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exchange, grant, authorizePage, issuePersonalToken, issueToken } from "./oauth";
import { gitHttp } from "./git";
import { avatar, send } from "./http";
import { page } from "./pages";
import { merge } from "./pulls";
import { queueRateLimit } from "./rate-limits";
import { createRepo, requireRepo } from "./repos";
import { api, DOCS } from "./rest";
import { addCheckRun } from "./checks";
import { createStore } from "./store";
import { deliverAll, emit, enqueue, redeliver } from "./webhooks";
import type { FakeGitHub, FakeGitHubOptions, MergeResult } from "./types";

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
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const store = await createStore(options);

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      send(res, 500, { message: error instanceof Error ? error.message : "fake error" });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", store.baseUrl);
    store.requests.push({ method: req.method ?? "GET", path: url.pathname, authorization: Boolean(req.headers.authorization) });
    const prefixed = url.pathname === "/api/v3" || url.pathname.startsWith("/api/v3/");
    const apiPath = prefixed ? url.pathname.slice("/api/v3".length) || "/" : url.pathname;

    if (url.pathname === "/healthz") return send(res, 200, { status: "ok" });
    if (url.pathname.startsWith("/avatars/")) return avatar(url.pathname.slice("/avatars/".length), res);
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") return authorizePage(store, url, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/authorize/grant") return grant(store, req, res);
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") return exchange(store, req, res);

    // Smart HTTP: /{owner}/{repo}.git/info/refs, …/git-upload-pack, …/git-receive-pack (".git" optional, as on GitHub).
    const gitRoute = url.pathname.match(/^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/);
    if (gitRoute && !prefixed) return gitHttp(store, req, res, url, gitRoute[1]!, gitRoute[2]!, gitRoute[3]!);

    if (prefixed || /^\/(user|repos)(\/|$)/.test(url.pathname)) return api(store, req, res, url, apiPath);
    if (await page(store, req, res, url)) return;
    return send(res, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  store.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.apiUrl = `${store.baseUrl}/api/v3`;

  const idle = async () => {
    // Deliveries can queue more deliveries; wait until the queue stops growing.
    for (let current = store.queue; ; current = store.queue) {
      await current;
      if (current === store.queue) return;
    }
  };

  return {
    url: store.baseUrl,
    apiUrl: store.apiUrl,
    clientId: store.clientId,
    clientSecret: store.clientSecret,
    users: store.users,
    issueToken: (login, scopes) => issueToken(store, login, scopes),
    issuePersonalToken: (login, scopes) => issuePersonalToken(store, login, scopes),
    revokeToken: (token) => void store.tokens.delete(token),
    requests: store.requests,
    responses: store.responses,
    deliveries: store.deliveries,
    createRepo: (owner, name, repoOptions) => createRepo(store, owner, name, repoOptions),
    repo: (fullName) => store.repos.get(fullName.toLowerCase()),
    deliverWebhook: async (repoFullName, event, payload) => {
      const repo = requireRepo(store, repoFullName);
      const targets = repo.hooks.filter((hook) => hook.active && (hook.events.includes("*") || hook.events.includes(event)));
      return enqueue(store, () =>
        deliverAll(store, { repo, event, payload: { ...(payload as Record<string, unknown>) } }, targets),
      );
    },
    redeliver: (number) => {
      const original = store.deliveries.find((delivery) => delivery.number === number);
      if (!original) throw new Error(`no delivery ${number}`);
      return enqueue(store, () => redeliver(store, requireRepo(store, original.repo), number));
    },
    addCheckRun: (repoFullName, input) => addCheckRun(store, repoFullName, input),
    mergePull: async (repoFullName, number, mergeOptions = {}) => {
      const repo = requireRepo(store, repoFullName);
      const pull = repo.pulls.find((candidate) => candidate.number === number);
      if (!pull) throw new Error(`${repoFullName} has no pull request #${number}`);
      const result = await merge(store, repo, pull, mergeOptions.by ?? repo.owner, { method: mergeOptions.mergeMethod });
      if (result.status !== 200)
        throw new Error(`cannot merge ${repoFullName}#${number}: ${(result.body as { message: string }).message}`);
      result.events?.forEach((event) => emit(store, event));
      return result.body as MergeResult;
    },
    rateLimit: (limit) => queueRateLimit(store, limit),
    idle,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await idle();
      await rm(store.root, { recursive: true, force: true });
    },
  };
}
