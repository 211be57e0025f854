// The HTML pages: a repository, a file, a pull request with its merge button.
import http from "node:http";
import { lsTree, readBlob, resolveCommit } from "./git-repo";
import { html, readBody } from "./http";
import { merge, pullFiles } from "./pulls";
import { findRepo } from "./repos";
import { emit } from "./webhooks";
import type { FakeGitHubStore } from "./store";
import type { FakeRepo } from "./types";

/** The HTML side: `/{owner}/{repo}`, `/tree/{ref}`, `/blob/{ref}/{path}`, `/raw/{ref}/{path}`, `/pull/{n}` (+ merge). */
export async function page(
  store: FakeGitHubStore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  let parts: string[];
  try {
    parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return false;
  }
  if (parts.length < 2) return false;
  const repo = findRepo(store, parts[0]!, parts[1]!.replace(/\.git$/, ""));
  if (!repo) return false;
  const [section, ...rest] = parts.slice(2);
  const method = req.method ?? "GET";
  if (method === "GET" && (section === undefined || (section === "tree" && rest.length))) {
    await repoPageReply(store, res, repo, section === undefined ? repo.defaultBranch : rest.join("/"));
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
    const result = await merge(store, repo, pull, repo.owner, {});
    const target = new URL(`${repo.htmlUrl}/pull/${pull.number}`);
    if (result.status !== 200) target.searchParams.set("error", (result.body as { message: string }).message);
    // 303: the browser follows with a GET, like GitHub's own form posts.
    res.writeHead(303, { Location: target.pathname + target.search });
    res.end();
    result.events?.forEach((event) => emit(store, event));
    return true;
  }
  return false;
}

async function repoPageReply(store: FakeGitHubStore, res: http.ServerResponse, repo: FakeRepo, ref: string) {
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

/**
 * The fake GitHub's HTML pages, for the offline demo: a repository's front page
 * and a pull request with its diff and a merge button. Plain server-rendered HTML,
 * everything user-supplied escaped; no scripts.
 */

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export function htmlDocument(title: string, body: string) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const STYLE = [
  "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1f2328}",
  "pre{background:#f6f8fa;padding:.75rem;overflow:auto;white-space:pre-wrap}",
  ".state{display:inline-block;padding:.2rem .6rem;border-radius:1rem;color:#fff;font-weight:600}",
  ".open{background:#1f883d}.merged{background:#8250df}.closed{background:#cf222e}",
  ".add{color:#1a7f37}.del{color:#cf222e}",
  "button{background:#1f883d;color:#fff;border:0;padding:.5rem 1rem;border-radius:.4rem;font-weight:600}",
].join("");

export type RepoPageInput = {
  fullName: string;
  description: string | null;
  isPrivate: boolean;
  cloneUrl: string;
  branch: string;
  defaultBranch: string;
  branches: string[];
  files: { path: string; type: "file" | "dir"; href: string }[];
  pulls: { number: number; title: string; state: PullState; href: string }[];
  hrefFor: (branch: string) => string;
};

export type PullState = "Open" | "Merged" | "Closed";

export function repoPage(input: RepoPageInput) {
  const branches = input.branches
    .map((name) => {
      const label = escapeHtml(name) + (name === input.defaultBranch ? " (default)" : "");
      return `<li>${name === input.branch ? `<strong>${label}</strong>` : `<a href="${escapeHtml(input.hrefFor(name))}">${label}</a>`}</li>`;
    })
    .join("");
  const files = input.files.length
    ? `<ul>${input.files
        .map(
          (file) =>
            `<li>${file.type === "dir" ? "📁" : "📄"} <a href="${escapeHtml(file.href)}">${escapeHtml(file.path)}</a></li>`,
        )
        .join("")}</ul>`
    : "<p>This branch is empty.</p>";
  const pulls = input.pulls.length
    ? `<ul>${input.pulls
        .map(
          (pull) =>
            `<li><a href="${escapeHtml(pull.href)}">#${pull.number} ${escapeHtml(pull.title)}</a> ${stateBadge(pull.state)}</li>`,
        )
        .join("")}</ul>`
    : "<p>No pull requests.</p>";
  return htmlDocument(
    input.fullName,
    `<h1>${escapeHtml(input.fullName)}</h1>` +
      `<p>${input.isPrivate ? "Private" : "Public"} repository${input.description ? ` — ${escapeHtml(input.description)}` : ""}</p>` +
      `<p>Clone: <code>${escapeHtml(input.cloneUrl)}</code></p>` +
      `<h2>Files on ${escapeHtml(input.branch)}</h2>${files}` +
      `<h2>Branches</h2><ul>${branches}</ul>` +
      `<h2>Pull requests</h2>${pulls}`,
  );
}

export type PullPageInput = {
  fullName: string;
  repoHref: string;
  number: number;
  title: string;
  body: string | null;
  state: PullState;
  author: string;
  head: string;
  base: string;
  mergeAction: string | null;
  /** Set after a failed merge attempt from the page. */
  error: string | null;
  files: { filename: string; status: string; additions: number; deletions: number; patch?: string }[];
};

export function pullPage(input: PullPageInput) {
  const files = input.files
    .map(
      (file) =>
        `<h3>${escapeHtml(file.filename)} <small>(${escapeHtml(file.status)}, <span class="add">+${file.additions}</span> <span class="del">−${file.deletions}</span>)</small></h3>` +
        `<pre>${file.patch === undefined ? "Binary file not shown." : escapeHtml(file.patch)}</pre>`,
    )
    .join("");
  const merge = input.mergeAction
    ? `<form method="post" action="${escapeHtml(input.mergeAction)}"><button type="submit">Merge pull request</button></form>`
    : "";
  return htmlDocument(
    `${input.title} · Pull Request #${input.number} · ${input.fullName}`,
    `<p><a href="${escapeHtml(input.repoHref)}">${escapeHtml(input.fullName)}</a></p>` +
      `<h1>${escapeHtml(input.title)} <span>#${input.number}</span></h1>` +
      `<p>${stateBadge(input.state)} <strong>${escapeHtml(input.author)}</strong> wants to merge <code>${escapeHtml(input.head)}</code> into <code>${escapeHtml(input.base)}</code></p>` +
      (input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : "") +
      `<pre data-testid="pull-body">${escapeHtml(input.body ?? "No description provided.")}</pre>` +
      merge +
      `<h2>Files changed (${input.files.length})</h2>${files}`,
  );
}

export function blobPage(input: { fullName: string; repoHref: string; ref: string; path: string; content: string }) {
  return htmlDocument(
    `${input.path} at ${input.ref} · ${input.fullName}`,
    `<p><a href="${escapeHtml(input.repoHref)}">${escapeHtml(input.fullName)}</a> / ${escapeHtml(input.path)} at <code>${escapeHtml(input.ref)}</code></p>` +
      `<pre>${escapeHtml(input.content)}</pre>`,
  );
}

function stateBadge(state: PullState) {
  return `<span class="state ${state.toLowerCase()}" data-testid="pull-state">${state}</span>`;
}
