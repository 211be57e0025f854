// Git over smart HTTP against the bare repositories, and the push webhooks and pull request updates a push causes.
import http from "node:http";
import { commitChanges, commitInfo, isAncestor, listRefs, revList, serveGitHttp, ZERO_SHA } from "./git-repo";
import { accountJson, credentials, identity } from "./accounts";
import { workflowHookEnv, workflowHooksDir } from "./git-workflow-scope";
import { now, text } from "./http";
import { markMerged, pullEvent } from "./pulls";
import { can, findRepo, permission } from "./repos";
import { emit } from "./webhooks";
import type { FakeGitHubStore } from "./store";
import type { Change, FakeRepo, PreparedEvent } from "./types";

export async function gitHttp(
  store: FakeGitHubStore,
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
  const token = credentials(store, req);
  if (!token) {
    // Git retries with credentials only after a 401 carrying a Basic challenge.
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="GitHub"', "Content-Type": "text/plain" });
    return res.end(token === null ? "Invalid username or token.\n" : "");
  }
  const repo = findRepo(store, owner, name);
  if (!repo || !permission(repo, token.login)) return text(res, 404, "Repository not found.\n");
  const pushing = service === "git-receive-pack";
  if (pushing && !can(repo, token.login, "push")) {
    return text(res, 403, `Permission to ${repo.fullName}.git denied to ${token.login}.\n`);
  }
  const before = pushing && req.method === "POST" ? await listRefs(repo.gitDir) : null;
  let events: PreparedEvent[] = [];
  await serveGitHttp(req, res, {
    projectRoot: store.root,
    pathInfo: `/${repo.owner}/${repo.name}.git/${action}`,
    remoteUser: token.login,
    receivePack: pushing,
    // GitHub refuses workflow changes from a token without the `workflow` scope.
    ...(pushing ? { hooks: { dir: await workflowHooksDir(store), env: workflowHookEnv(token) } } : {}),
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
      events = await refsChanged(store, repo, changes, token.login);
    },
  });
  events.forEach((event) => emit(store, event));
}

/**
 * What follows a ref update (a push, a merge, a deleted branch): a `push` webhook
 * per ref, then the pull requests it touches — synchronized when their head moved,
 * closed when their head branch is gone, merged when their head is now in their base.
 */
export async function refsChanged(
  store: FakeGitHubStore,
  repo: FakeRepo,
  changes: Change[],
  pusher: string,
): Promise<PreparedEvent[]> {
  if (!changes.length) return [];
  repo.pushedAt = repo.updatedAt = now();
  const events: PreparedEvent[] = [];
  for (const change of changes) events.push({ repo, event: "push", payload: await pushPayload(store, repo, change, pusher) });
  for (const change of changes) {
    if (!change.ref.startsWith("refs/heads/")) continue;
    const branch = change.ref.slice("refs/heads/".length);
    for (const pull of repo.pulls) {
      if (pull.state !== "open") continue;
      if (pull.head.ref === branch && change.after === ZERO_SHA) {
        pull.state = "closed";
        pull.closedAt = pull.updatedAt = now();
        events.push(await pullEvent(store, repo, pull, "closed", pusher));
      } else if (pull.head.ref === branch && pull.head.sha !== change.after) {
        const previous = pull.head.sha;
        pull.head.sha = change.after;
        pull.updatedAt = now();
        events.push(await pullEvent(store, repo, pull, "synchronize", pusher, { before: previous, after: change.after }));
      } else if (
        pull.base.ref === branch &&
        change.after !== ZERO_SHA &&
        (await isAncestor(repo.gitDir, pull.head.sha, change.after))
      ) {
        // Someone pushed the pull request's commits to its base themselves: GitHub marks it merged.
        markMerged(pull, change.after, change.before, pusher);
        events.push(await pullEvent(store, repo, pull, "closed", pusher));
      }
    }
  }
  return events;
}

async function pushPayload(store: FakeGitHubStore, repo: FakeRepo, change: Change, pusher: string) {
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
  for (const sha of shas) commits.push(await pushCommitJson(store, repo, sha));
  const head = deleted ? null : (commits.at(-1) ?? (await pushCommitJson(store, repo, change.after)));
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
    pusher: { name: pusher, email: identity(store, pusher).email },
    sender: accountJson(store, pusher),
  };
}

async function pushCommitJson(store: FakeGitHubStore, repo: FakeRepo, sha: string) {
  const info = await commitInfo(repo.gitDir, sha);
  const person = (who: { name: string; email: string }) => {
    const user = store.users.find((candidate) => candidate.email === who.email || candidate.emails?.includes(who.email));
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
