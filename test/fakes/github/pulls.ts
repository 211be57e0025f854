// Pull requests: their JSON, merging for real, and the REST endpoints that list, open, update them and list their files.
import {
  commitTree,
  type DiffFile,
  diffFiles,
  git,
  isAncestor,
  mergeBase,
  mergeTrees,
  resolveCommit,
  revList,
  updateRef,
} from "./git-repo";
import { accountJson, identity } from "./accounts";
import { refsChanged } from "./git";
import { compare, now, readJson, str } from "./http";
import { can, permission, repoJson } from "./repos";
import { error, invalid, paginate } from "./rest";
import type { FakeGitHubStore } from "./store";
import type { Api, FakePull, FakeRepo, MergeMethod, PreparedEvent, Reply } from "./types";

export function pullHtmlUrl(repo: FakeRepo, pull: FakePull) {
  return `${repo.htmlUrl}/pull/${pull.number}`;
}

/** The tips a pull request's diff is between: live for open ones, as recorded for closed ones. */
async function pullRange(repo: FakeRepo, pull: FakePull) {
  const baseTip =
    pull.state === "open" ? ((await resolveCommit(repo.gitDir, `refs/heads/${pull.base.ref}`)) ?? pull.base.sha) : pull.base.sha;
  const from = (await mergeBase(repo.gitDir, baseTip, pull.head.sha)) ?? baseTip;
  return { baseTip, from, to: pull.head.sha };
}

export async function pullFiles(repo: FakeRepo, pull: FakePull): Promise<DiffFile[]> {
  const range = await pullRange(repo, pull);
  return diffFiles(repo.gitDir, range.from, range.to);
}

export function authorAssociation(repo: FakeRepo, login: string) {
  const granted = permission(repo, login);
  return granted === "admin" ? "OWNER" : granted === "push" ? "COLLABORATOR" : "CONTRIBUTOR";
}

/**
 * GitHub's pull request object. Lists return the "simple" form; a single pull
 * request (and webhook payloads) add `merged`, `mergeable`, counts and so on.
 */
export async function pullJson(store: FakeGitHubStore, repo: FakeRepo, pull: FakePull, full: boolean) {
  const api = `${store.apiUrl}/repos/${repo.fullName}`;
  const range = await pullRange(repo, pull);
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: accountJson(store, repo.owner, "Organization"),
    repo: repoJson(store, repo),
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
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${pull.head.sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    active_lock_reason: null,
    title: pull.title,
    user: accountJson(store, pull.author),
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
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: { href: pullHtmlUrl(repo, pull) },
      issue: { href: `${api}/issues/${pull.number}` },
      comments: { href: `${api}/issues/${pull.number}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.head.sha}` },
    },
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
    merged_by: pull.mergedBy ? accountJson(store, pull.mergedBy) : null,
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

export async function pullEvent(
  store: FakeGitHubStore,
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
      pull_request: await pullJson(store, repo, pull, true),
      sender: accountJson(store, sender),
    },
  };
}

export function markMerged(pull: FakePull, mergeSha: string, baseBefore: string, by: string) {
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
export async function merge(
  store: FakeGitHubStore,
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
    sha = await commitTree(repo.gitDir, tree, parents, message.trim(), identity(store, by));
  }
  try {
    await updateRef(repo.gitDir, baseRef, sha, baseTip);
  } catch {
    return { status: 409, body: { message: "Base branch was modified. Review and try the merge again." } };
  }
  markMerged(pull, sha, baseTip, by);
  const events = [await pullEvent(store, repo, pull, "closed", by)];
  events.push(...(await refsChanged(store, repo, [{ ref: baseRef, before: baseTip, after: sha }], by)));
  return { status: 200, body: { sha, merged: true, message: "Pull Request successfully merged" }, events };
}

export async function listPulls(store: FakeGitHubStore, ctx: Api, repo: FakeRepo): Promise<Reply> {
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
  for (const pull of pulls) json.push(await pullJson(store, repo, pull, false));
  return paginate(store, ctx, json);
}

export async function createPull(store: FakeGitHubStore, ctx: Api, repo: FakeRepo): Promise<Reply> {
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
    id: store.nextId(),
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
  const opened = await pullEvent(store, repo, pull, "opened", ctx.viewer);
  const location = `${store.apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`;
  return { status: 201, body: opened.payload.pull_request, headers: { Location: location }, events: [opened] };
}

export async function updatePull(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
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
      await pullEvent(store, repo, pull, "edited", ctx.viewer!, {
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
    events.push(await pullEvent(store, repo, pull, "closed", ctx.viewer!));
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
    events.push(await pullEvent(store, repo, pull, "reopened", ctx.viewer!));
  } else if (body.state !== undefined && body.state !== "open" && body.state !== "closed") {
    return invalid({ resource: "PullRequest", code: "invalid", field: "state" });
  }
  return { status: 200, body: await pullJson(store, repo, pull, true), events };
}

export function fileJson(store: FakeGitHubStore, repo: FakeRepo, pull: FakePull, file: DiffFile) {
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
    contents_url: `${store.apiUrl}/repos/${repo.fullName}/contents/${file.filename}?ref=${ref}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
  };
}
