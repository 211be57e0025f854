// Repositories: real bare repositories on disk, who may do what, their JSON, and the REST endpoints for branches, trees, contents and refs.
import path from "node:path";
import {
  commitFiles,
  commitInfo,
  deleteRef,
  git,
  initBareRepo,
  listBranches,
  listRefs,
  lsTree,
  objectType,
  readBlob,
  resolveCommit,
  ZERO_SHA,
} from "./git-repo";
import { accountJson, identity } from "./accounts";
import { refsChanged } from "./git";
import { now } from "./http";
import { error, invalid, paginate } from "./rest";
import { emit } from "./webhooks";
import type { FakeGitHubStore } from "./store";
import type { Api, CreateRepoOptions, FakeRepo, Permission, Reply } from "./types";

const RANK: Record<Permission, number> = { pull: 1, push: 2, admin: 3 };

/** GitHub's own repository names: letters, digits, `.`, `-`, `_`. */
const NAME = /^[A-Za-z0-9._-]+$/;

export function findRepo(store: FakeGitHubStore, owner: string, name: string) {
  return store.repos.get(`${owner}/${name}`.toLowerCase());
}

export function requireRepo(store: FakeGitHubStore, fullName: string) {
  const repo = store.repos.get(fullName.toLowerCase());
  if (!repo) throw new Error(`fake GitHub has no repository ${fullName}`);
  return repo;
}

/** Owner: admin. Collaborators: push. Anyone else: pull on public repos, nothing on private ones. */
export function permission(repo: FakeRepo, login: string | undefined): Permission | null {
  const lower = login?.toLowerCase();
  if (lower && lower === repo.owner.toLowerCase()) return "admin";
  if (lower && repo.collaborators.some((name) => name.toLowerCase() === lower)) return "push";
  return repo.private ? null : "pull";
}

export const can = (repo: FakeRepo, login: string | undefined, wanted: Permission) => {
  const granted = permission(repo, login);
  return granted !== null && RANK[granted] >= RANK[wanted];
};

export async function createRepo(
  store: FakeGitHubStore,
  owner: string,
  name: string,
  repoOptions: CreateRepoOptions = {},
): Promise<FakeRepo> {
  const bad = (part: string) => !NAME.test(part) || part === "." || part === "..";
  if (bad(owner) || bad(name) || name.endsWith(".git")) throw new Error(`invalid repository name ${owner}/${name}`);
  if (findRepo(store, owner, name)) throw new Error(`fake GitHub already has ${owner}/${name}`);
  const defaultBranch = repoOptions.defaultBranch ?? "main";
  const gitDir = path.join(store.root, owner, `${name}.git`);
  await initBareRepo(gitDir, repoOptions.files ?? { "README.md": `# ${name}\n` }, defaultBranch);
  const created = now();
  const repo: FakeRepo = {
    id: store.nextId(),
    owner,
    name,
    fullName: `${owner}/${name}`,
    cloneUrl: `${store.baseUrl}/${owner}/${name}.git`,
    htmlUrl: `${store.baseUrl}/${owner}/${name}`,
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
      const after = await commitFiles(
        gitDir,
        branch,
        files,
        message,
        identity(store, author),
        commitOptions.from ?? defaultBranch,
      );
      (await refsChanged(store, repo, [{ ref: `refs/heads/${branch}`, before, after }], author)).forEach((event) =>
        emit(store, event),
      );
      return after;
    },
  };
  store.repos.set(repo.fullName.toLowerCase(), repo);
  return repo;
}

/** GitHub's full repository object; `permissions` only when asked for a viewer (as the API does). */
export function repoJson(store: FakeGitHubStore, repo: FakeRepo, viewer?: string | null) {
  const api = `${store.apiUrl}/repos/${repo.fullName}`;
  const granted = viewer === undefined ? undefined : permission(repo, viewer ?? undefined);
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: accountJson(store, repo.owner, "Organization"),
    html_url: repo.htmlUrl,
    description: repo.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    git_url: `git://${new URL(store.baseUrl).host}/${repo.fullName}.git`,
    ssh_url: `git@${new URL(store.baseUrl).hostname}:${repo.fullName}.git`,
    clone_url: repo.cloneUrl,
    svn_url: repo.htmlUrl,
    mirror_url: null,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    forks_count: 0,
    forks: 0,
    open_issues_count: repo.pulls.filter((pull) => pull.state === "open").length,
    open_issues: repo.pulls.filter((pull) => pull.state === "open").length,
    language: null,
    license: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    custom_properties: {},
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

/** `GET /repos/{owner}/{repo}` adds the network's counts to the repository ("full-repository"). */
export function fullRepoJson(store: FakeGitHubStore, repo: FakeRepo, viewer: string | null) {
  return { ...repoJson(store, repo, viewer), network_count: 0, subscribers_count: 0 };
}

export function listUserRepos(store: FakeGitHubStore, ctx: Api): Reply {
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
  const list = [...store.repos.values()]
    .filter((repo) => {
      const owned = repo.owner.toLowerCase() === viewer;
      const collaborating = repo.collaborators.some((name) => name.toLowerCase() === viewer);
      if (!((owned && affiliation.includes("owner")) || (collaborating && affiliation.includes("collaborator")))) return false;
      return visibility === "all" || (visibility === "private") === repo.private;
    })
    // Same-second timestamps tie; the id keeps creation order.
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (direction === "asc" ? 1 : -1))
    .map((repo) => repoJson(store, repo, ctx.viewer));
  return paginate(store, ctx, list);
}

export async function listBranchesReply(store: FakeGitHubStore, ctx: Api, repo: FakeRepo): Promise<Reply> {
  if (ctx.url.searchParams.get("protected") === "true") return paginate(store, ctx, []);
  const branches = await listBranches(repo.gitDir);
  return paginate(
    store,
    ctx,
    branches.map((branch) => ({
      name: branch.name,
      commit: { sha: branch.sha, url: `${store.apiUrl}/repos/${repo.fullName}/commits/${branch.sha}` },
      protected: false,
    })),
  );
}

export async function getBranch(store: FakeGitHubStore, repo: FakeRepo, name: string): Promise<Reply> {
  const sha = await resolveCommit(repo.gitDir, `refs/heads/${name}`);
  if (!sha) return error(404, "Branch not found");
  const info = await commitInfo(repo.gitDir, sha);
  const api = `${store.apiUrl}/repos/${repo.fullName}`;
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
          comment_count: 0,
        },
        url: `${api}/commits/${sha}`,
        html_url: `${repo.htmlUrl}/commit/${sha}`,
        comments_url: `${api}/commits/${sha}/comments`,
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
export async function getTree(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, treeish: string): Promise<Reply> {
  const commit = await resolveCommit(repo.gitDir, treeish);
  const tree = commit ? `${commit}^{tree}` : treeish;
  if ((await objectType(repo.gitDir, tree)) !== "tree" || treeish.startsWith("-")) return error(404, "Not Found");
  const sha = (await git(["rev-parse", tree], { gitDir: repo.gitDir })).stdout.trim();
  const entries = await lsTree(repo.gitDir, sha, { recursive: ctx.url.searchParams.has("recursive") });
  const api = `${store.apiUrl}/repos/${repo.fullName}/git`;
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

export async function getContents(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, filePath: string): Promise<Reply> {
  const ref = ctx.url.searchParams.get("ref") || repo.defaultBranch;
  const commit = await resolveCommit(repo.gitDir, ref);
  if (!commit) return error(404, `No commit found for the ref ${ref}`);
  const type = filePath ? await objectType(repo.gitDir, `${commit}:${filePath}`) : "tree";
  const links = (entryPath: string, entryType: string, sha: string) => {
    const self = `${store.apiUrl}/repos/${repo.fullName}/contents/${entryPath}?ref=${encodeURIComponent(ref)}`;
    const git = `${store.apiUrl}/repos/${repo.fullName}/git/${entryType === "dir" ? "trees" : "blobs"}/${sha}`;
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

export async function deleteRefReply(store: FakeGitHubStore, ctx: Api, repo: FakeRepo, ref: string): Promise<Reply> {
  if (!can(repo, ctx.viewer, "push")) return error(403, "Must have push access to repository");
  const full = `refs/${ref}`;
  const sha = (await listRefs(repo.gitDir)).get(full);
  if (!sha) return error(422, "Reference does not exist");
  if (full === `refs/heads/${repo.defaultBranch}`) return error(422, "Cannot delete the default branch");
  await deleteRef(repo.gitDir, full);
  return { status: 204, events: await refsChanged(store, repo, [{ ref: full, before: sha, after: ZERO_SHA }], ctx.viewer!) };
}
