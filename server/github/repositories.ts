import type { GitHubClient } from "./client";

/** The repositories a token can see, a page at a time, most recently updated first. */
export async function listRepositoriesForToken(octokit: GitHubClient, options: { page: number; perPage: number }) {
  const response = await octokit.rest.repos.listForAuthenticatedUser({
    per_page: options.perPage,
    page: options.page,
    sort: "updated",
  });
  return {
    items: response.data.map((repo) => ({
      fullName: repo.full_name,
      owner: repo.owner.login,
      name: repo.name,
      isPrivate: repo.private,
      defaultBranch: repo.default_branch,
      description: repo.description ?? null,
    })),
    hasNextPage: /rel="next"/.test(String(response.headers.link ?? "")),
  };
}

/** One repository: what an import stores of it. */
export async function getRepo(octokit: GitHubClient, options: { owner: string; repo: string }) {
  const { data: repo } = await octokit.rest.repos.get({ owner: options.owner, repo: options.repo });
  return {
    owner: repo.owner.login,
    name: repo.name,
    fullName: repo.full_name,
    cloneUrl: repo.clone_url,
    defaultBranch: repo.default_branch,
    githubRepoId: repo.id,
    isPrivate: repo.private,
  };
}

/** Every branch of a repository, all pages. */
export async function listBranchesOf(octokit: GitHubClient, options: { owner: string; repo: string }) {
  const data = await octokit.paginate(octokit.rest.repos.listBranches, {
    owner: options.owner,
    repo: options.repo,
    per_page: 100,
  });
  return data.map((branch) => ({ name: branch.name, sha: branch.commit.sha }));
}

/** The whole tree at a branch (or sha); `truncated` when GitHub cut it short. Entries without a path are dropped. */
export async function getTree(octokit: GitHubClient, options: { owner: string; repo: string; ref: string }) {
  const { data } = await octokit.rest.git.getTree({
    owner: options.owner,
    repo: options.repo,
    tree_sha: options.ref,
    recursive: "1",
  });
  return {
    truncated: data.truncated,
    entries: data.tree.flatMap((entry) =>
      entry.path ? [{ path: entry.path, type: entry.type, size: entry.size ?? null, sha: entry.sha ?? null }] : [],
    ),
  };
}

/** A file at a ref, its content base64 (absent when GitHub leaves it out, for large files); null when the path is not a file. */
export async function getFile(octokit: GitHubClient, options: { owner: string; repo: string; path: string; ref: string }) {
  const { data } = await octokit.rest.repos.getContent({
    owner: options.owner,
    repo: options.repo,
    path: options.path,
    ref: options.ref,
  });
  if (Array.isArray(data) || data.type !== "file") return null;
  const file = data as { content?: string; size: number; sha: string; path: string };
  return { path: file.path, size: file.size, sha: file.sha, content: file.content };
}
