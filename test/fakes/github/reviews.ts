// Pull request reviews, their comments, and issue comments.
import { patchLines } from "./git-repo";
import { accountJson } from "./accounts";
import { now, readJson, str } from "./http";
import { authorAssociation, pullFiles, pullHtmlUrl, pullJson } from "./pulls";
import { error, invalid, unprocessable } from "./rest";
import type { FakeGitHubStore } from "./store";
import type { Api, FakeIssueComment, FakePull, FakeRepo, FakeReview, FakeReviewComment, PreparedEvent, Reply } from "./types";

export function reviewJson(store: FakeGitHubStore, repo: FakeRepo, review: FakeReview) {
  const pullUrl = `${repo.htmlUrl}/pull/${review.pullNumber}`;
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: accountJson(store, review.author),
    body: review.body,
    state: review.state,
    html_url: `${pullUrl}#pullrequestreview-${review.id}`,
    pull_request_url: `${store.apiUrl}/repos/${repo.fullName}/pulls/${review.pullNumber}`,
    author_association: authorAssociation(repo, review.author),
    ...(review.submittedAt ? { submitted_at: review.submittedAt } : {}),
    commit_id: review.commitId,
    _links: {
      html: { href: `${pullUrl}#pullrequestreview-${review.id}` },
      pull_request: { href: `${store.apiUrl}/repos/${repo.fullName}/pulls/${review.pullNumber}` },
    },
  };
}

export function reviewCommentJson(store: FakeGitHubStore, repo: FakeRepo, comment: FakeReviewComment) {
  return {
    id: comment.id,
    node_id: `PRRC_${comment.id}`,
    pull_request_review_id: comment.reviewId,
    path: comment.path,
    line: comment.line,
    side: comment.side,
    position: comment.position,
    body: comment.body,
    user: accountJson(store, comment.author),
    commit_id: comment.commitId,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: `${repo.htmlUrl}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
    pull_request_url: `${store.apiUrl}/repos/${repo.fullName}/pulls/${comment.pullNumber}`,
    author_association: authorAssociation(repo, comment.author),
  };
}

export async function createReview(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
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
  const id = store.nextId();
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
      id: store.nextId(),
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
        // Webhooks spell the state in lower case ("commented"), the REST API in upper case ("COMMENTED").
        review: { ...reviewJson(store, repo, review), state: review.state.toLowerCase() },
        pull_request: await pullJson(store, repo, pull, false),
        sender: accountJson(store, ctx.viewer),
      },
    });
  }
  return { status: 200, body: reviewJson(store, repo, review), events };
}

/** Nobody reacts on the fake: every count is zero. */
function reactionsJson(subjectUrl: string) {
  return {
    url: `${subjectUrl}/reactions`,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
}

export function issueCommentJson(store: FakeGitHubStore, repo: FakeRepo, comment: FakeIssueComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${store.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${repo.htmlUrl}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${store.apiUrl}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: accountJson(store, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(repo, comment.author),
  };
}

export async function createIssueComment(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, pull: FakePull): Promise<Reply> {
  if (!ctx.viewer) return error(401, "Requires authentication");
  const body = await readJson(ctx.req);
  if (!body) return error(400, "Problems parsing JSON");
  const commentBody = str(body.body);
  if (!commentBody) return invalid({ resource: "IssueComment", code: "missing_field", field: "body" });
  const createdAt = now();
  const comment: FakeIssueComment = {
    id: store.nextId(),
    issueNumber: pull.number,
    body: commentBody,
    author: ctx.viewer,
    createdAt,
    updatedAt: createdAt,
  };
  repo.issueComments.push(comment);
  const json = issueCommentJson(store, repo, comment);
  // Pull requests are issues too: the payload's issue carries a `pull_request` link.
  const issueUrl = `${store.apiUrl}/repos/${repo.fullName}/issues/${pull.number}`;
  const issue = {
    url: issueUrl,
    repository_url: `${store.apiUrl}/repos/${repo.fullName}`,
    labels_url: `${issueUrl}/labels{/name}`,
    comments_url: `${issueUrl}/comments`,
    events_url: `${issueUrl}/events`,
    html_url: pullHtmlUrl(repo, pull),
    id: pull.id,
    node_id: `I_${pull.id}`,
    number: pull.number,
    title: pull.title,
    user: accountJson(store, pull.author),
    labels: [],
    state: pull.state,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: repo.issueComments.filter((entry) => entry.issueNumber === pull.number).length,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    author_association: authorAssociation(repo, pull.author),
    active_lock_reason: null,
    draft: pull.draft,
    body: pull.body,
    reactions: reactionsJson(issueUrl),
    pull_request: {
      url: `${store.apiUrl}/repos/${repo.fullName}/pulls/${pull.number}`,
      html_url: pullHtmlUrl(repo, pull),
      diff_url: `${pullHtmlUrl(repo, pull)}.diff`,
      patch_url: `${pullHtmlUrl(repo, pull)}.patch`,
      merged_at: pull.mergedAt,
    },
  };
  return {
    status: 201,
    body: json,
    events: [
      {
        repo,
        event: "issue_comment",
        payload: {
          action: "created",
          issue,
          comment: { ...json, performed_via_github_app: null, reactions: reactionsJson(json.url) },
          sender: accountJson(store, ctx.viewer),
        },
      },
    ],
  };
}
