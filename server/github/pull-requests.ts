import type { Octokit } from "@octokit/rest";

/**
 * Opens a pull request from `head` into `base` (a draft when asked: GitHub's
 * `draft: true`, which cannot be merged until marked ready); an existing open
 * one for the branch is reused.
 */
export async function openPullRequest(
  octokit: Octokit,
  options: { owner: string; repo: string; head: string; base: string; title: string; body: string; draft?: boolean },
) {
  const existing = await octokit.paginate(octokit.rest.pulls.list, {
    owner: options.owner,
    repo: options.repo,
    head: `${options.owner}:${options.head}`,
    state: "open",
  });
  if (existing[0]) {
    const { data } = await octokit.rest.pulls.update({
      owner: options.owner,
      repo: options.repo,
      pull_number: existing[0].number,
      body: options.body,
    });
    return { number: data.number, url: data.html_url, headSha: data.head.sha };
  }
  const { data } = await octokit.rest.pulls.create(options);
  return { number: data.number, url: data.html_url, headSha: data.head.sha };
}

/** Posts a review (a comment review with the run's findings) on a pull request. */
export async function postReview(octokit: Octokit, options: { owner: string; repo: string; pullNumber: number; body: string }) {
  const { data } = await octokit.rest.pulls.createReview({
    owner: options.owner,
    repo: options.repo,
    pull_number: options.pullNumber,
    event: "COMMENT",
    body: options.body,
  });
  return { id: data.id, url: data.html_url };
}

/** The head branch of a pull request (what a review checks out). */
export async function pullRequestHead(octokit: Octokit, options: { owner: string; repo: string; pullNumber: number }) {
  const { data } = await octokit.rest.pulls.get({ owner: options.owner, repo: options.repo, pull_number: options.pullNumber });
  return { ref: data.head.ref, sha: data.head.sha, url: data.html_url, state: data.state };
}

/** A pull request's description (`null` when it has none). */
export async function pullRequestDescription(octokit: Octokit, options: { owner: string; repo: string; pullNumber: number }) {
  const { data } = await octokit.rest.pulls.get({ owner: options.owner, repo: options.repo, pull_number: options.pullNumber });
  return data.body ?? null;
}

/** Replaces a pull request's description. */
export async function updatePullRequestDescription(
  octokit: Octokit,
  options: { owner: string; repo: string; pullNumber: number; body: string },
) {
  await octokit.rest.pulls.update({
    owner: options.owner,
    repo: options.repo,
    pull_number: options.pullNumber,
    body: options.body,
  });
}

/** Closes a pull request without merging it. */
export async function closePullRequest(octokit: Octokit, options: { owner: string; repo: string; pullNumber: number }) {
  await octokit.rest.pulls.update({
    owner: options.owner,
    repo: options.repo,
    pull_number: options.pullNumber,
    state: "closed",
  });
}
