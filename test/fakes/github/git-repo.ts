import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";

/**
 * The git side of the fake GitHub: real bare repositories on disk, read and
 * written with the real `git` binary, and served over smart HTTP by
 * `git http-backend` run as a CGI program (exactly how a plain git server works).
 */

export const ZERO_SHA = "0000000000000000000000000000000000000000";

/** Who the fake's own commits (initial commits, merges) are by: fixed, so tests see stable metadata. */
const FAKE_AUTHOR = { name: "Fake GitHub", email: "noreply@github.test" };

export type GitOptions = {
  gitDir?: string;
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
  /** Resolve with a non-zero exit code instead of throwing. */
  allowFailure?: boolean;
};

export type GitResult = { stdout: string; stderr: string; code: number };

/**
 * The environment every git we run gets: the caller's PATH only. Inherited GIT_*
 * variables (a test run from a git hook has GIT_DIR set) and the user's global and
 * system config (init.defaultBranch, signing, hooksPath…) would change what we do.
 */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // (A cast: the app's typings make NODE_ENV a required variable.)
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: os.tmpdir(),
    LANG: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    // File names from diffs are passed back as pathspecs: no glob or magic in them.
    GIT_LITERAL_PATHSPECS: "1",
    ...extra,
  } as Record<string, string> as NodeJS.ProcessEnv;
}

export function git(args: string[], options: GitOptions = {}): Promise<GitResult> {
  const fullArgs = options.gitDir ? [`--git-dir=${options.gitDir}`, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn("git", fullArgs, { cwd: options.cwd, env: gitEnv(options.env), stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("close", (code) => {
      const result = { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code: code ?? 1 };
      if (result.code !== 0 && !options.allowFailure) {
        reject(new Error(`git ${args.join(" ")} failed (${result.code}): ${result.stderr.trim()}`));
      } else resolve(result);
    });
  });
}

/** Like `git`, but the raw stdout bytes (file contents may not be UTF-8). */
function gitBuffer(args: string[], gitDir: string): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [`--git-dir=${gitDir}`, ...args], { env: gitEnv(), stdio: ["ignore", "pipe", "ignore"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve(code === 0 ? Buffer.concat(out) : null));
  });
}

function authorEnv(author: { name: string; email: string } = FAKE_AUTHOR, date?: string): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: FAKE_AUTHOR.name,
    GIT_COMMITTER_EMAIL: FAKE_AUTHOR.email,
    ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
  };
}

/**
 * Makes a bare repository with one commit of `files` on `defaultBranch`. The commit
 * is built with a throwaway work tree and index pointed at the bare repo, so nothing
 * is pushed and no hooks or remotes are involved. Author and date are fixed.
 */
export async function initBareRepo(gitDir: string, files: Record<string, string>, defaultBranch: string) {
  await mkdir(path.dirname(gitDir), { recursive: true });
  await git(["init", "--quiet", "--bare", `--initial-branch=${defaultBranch}`, gitDir]);
  const temp = await mkdtemp(path.join(os.tmpdir(), "fake-github-work-"));
  // The work tree holds only the files; the index lives beside it, so it is not committed.
  const work = path.join(temp, "tree");
  try {
    await mkdir(work);
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(work, name);
      if (!file.startsWith(work + path.sep)) throw new Error(`bad file path ${name}`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    const env = { GIT_INDEX_FILE: path.join(temp, "index"), GIT_WORK_TREE: work };
    await git(["add", "--all", "--", "."], { gitDir, cwd: work, env });
    const tree = (await git(["write-tree"], { gitDir, env })).stdout.trim();
    const commit = (
      await git(["commit-tree", tree, "-m", "Initial commit"], { gitDir, env: authorEnv(FAKE_AUTHOR, "2026-01-01T00:00:00Z") })
    ).stdout.trim();
    await git(["update-ref", `refs/heads/${defaultBranch}`, commit, ZERO_SHA], { gitDir });
    return commit;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Commits changes (`null` deletes a file) on top of `branch` without a work tree:
 * read the tip's tree into a temporary index, update it, write a tree, commit.
 * Creates the branch from `from` when it does not exist yet.
 */
export async function commitFiles(
  gitDir: string,
  branch: string,
  files: Record<string, string | null>,
  message: string,
  author: { name: string; email: string },
  from?: string,
) {
  const parent = (await resolveCommit(gitDir, branch)) ?? (from ? await resolveCommit(gitDir, from) : null);
  if (!parent) throw new Error(`no branch ${branch} (nor ${from ?? "a base"}) to commit on`);
  const temp = await mkdtemp(path.join(os.tmpdir(), "fake-github-index-"));
  try {
    const env = { GIT_INDEX_FILE: path.join(temp, "index") };
    await git(["read-tree", parent], { gitDir, env });
    for (const [name, content] of Object.entries(files)) {
      if (content === null) {
        await git(["update-index", "--force-remove", "--", name], { gitDir, env });
        continue;
      }
      const blob = (await git(["hash-object", "-w", "--stdin"], { gitDir, input: content })).stdout.trim();
      await git(["update-index", "--add", "--cacheinfo", `100644,${blob},${name}`], { gitDir, env });
    }
    const tree = (await git(["write-tree"], { gitDir, env })).stdout.trim();
    const commit = (
      await git(["commit-tree", tree, "-p", parent, "-m", message], { gitDir, env: authorEnv(author) })
    ).stdout.trim();
    const old = (await resolveCommit(gitDir, `refs/heads/${branch}`)) ?? ZERO_SHA;
    await git(["update-ref", `refs/heads/${branch}`, commit, old], { gitDir });
    return commit;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Every ref and the object it points at. */
export async function listRefs(gitDir: string): Promise<Map<string, string>> {
  const { stdout } = await git(["for-each-ref", "--format=%(refname) %(objectname)"], { gitDir });
  const refs = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const [name, sha] = line.split(" ");
    if (name && sha) refs.set(name, sha);
  }
  return refs;
}

export async function listBranches(gitDir: string): Promise<{ name: string; sha: string }[]> {
  const refs = await listRefs(gitDir);
  return [...refs]
    .filter(([name]) => name.startsWith("refs/heads/"))
    .map(([name, sha]) => ({ name: name.slice("refs/heads/".length), sha }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The commit a branch name, ref or (abbreviated) sha names; null when none. */
export async function resolveCommit(gitDir: string, ref: string): Promise<string | null> {
  if (!ref || ref.startsWith("-")) return null;
  // A bare branch name wins over a same-named tag or an ambiguous sha prefix, like GitHub's ref lookup.
  for (const candidate of [`refs/heads/${ref}`, ref]) {
    const result = await git(["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`], { gitDir, allowFailure: true });
    if (result.code === 0) return result.stdout.trim();
  }
  return null;
}

export async function objectType(gitDir: string, spec: string): Promise<string | null> {
  const result = await git(["cat-file", "-t", spec], { gitDir, allowFailure: true });
  return result.code === 0 ? result.stdout.trim() : null;
}

export async function readBlob(gitDir: string, commit: string, file: string): Promise<Buffer | null> {
  if ((await objectType(gitDir, `${commit}:${file}`)) !== "blob") return null;
  return gitBuffer(["cat-file", "blob", `${commit}:${file}`], gitDir);
}

export type TreeEntry = { path: string; mode: string; type: "blob" | "tree" | "commit"; sha: string; size?: number };

/** `git ls-tree -l` parsed; `recursive` lists subtrees too (`-t`), as GitHub's recursive trees do. */
export async function lsTree(gitDir: string, treeish: string, options: { recursive?: boolean; path?: string } = {}) {
  const args = ["ls-tree", "-l", "-z", "--full-tree", ...(options.recursive ? ["-r", "-t"] : []), treeish];
  if (options.path) args.push("--", options.path.endsWith("/") ? options.path : `${options.path}/`);
  const { stdout } = await git(args, { gitDir });
  const entries: TreeEntry[] = [];
  for (const record of stdout.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, type, sha, size] = record.slice(0, tab).split(/\s+/) as [string, TreeEntry["type"], string, string];
    const entry: TreeEntry = { path: record.slice(tab + 1), mode, type, sha };
    if (type === "blob") entry.size = Number(size);
    entries.push(entry);
  }
  return entries;
}

export type CommitInfo = {
  sha: string;
  tree: string;
  parents: string[];
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
};

export async function commitInfo(gitDir: string, sha: string): Promise<CommitInfo> {
  const { stdout } = await git(["log", "-1", "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", sha], {
    gitDir,
  });
  const [hash, tree, parents, an, ae, ad, cn, ce, cd, ...message] = stdout.split("\0");
  return {
    sha: hash!,
    tree: tree!,
    parents: parents ? parents.split(" ").filter(Boolean) : [],
    author: { name: an!, email: ae!, date: utc(ad!) },
    committer: { name: cn!, email: ce!, date: utc(cd!) },
    message: message.join("\0").replace(/\n+$/, ""),
  };
}

/** GitHub shows commit dates in UTC with a Z. */
function utc(date: string) {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Commits reachable from `to` but not from any of `exclude`, newest first. */
export async function revList(gitDir: string, to: string, exclude: string[], limit = 20): Promise<string[]> {
  const args = ["rev-list", `--max-count=${limit}`, to, ...exclude.filter((sha) => sha !== ZERO_SHA).map((sha) => `^${sha}`)];
  const { stdout } = await git(args, { gitDir });
  return stdout.split("\n").filter(Boolean);
}

export async function isAncestor(gitDir: string, ancestor: string, descendant: string) {
  const result = await git(["merge-base", "--is-ancestor", ancestor, descendant], { gitDir, allowFailure: true });
  return result.code === 0;
}

export async function mergeBase(gitDir: string, a: string, b: string): Promise<string | null> {
  const result = await git(["merge-base", a, b], { gitDir, allowFailure: true });
  return result.code === 0 ? result.stdout.trim() : null;
}

/** Files a commit added, removed and modified (push payloads list them per commit). */
export async function commitChanges(gitDir: string, sha: string) {
  const { stdout } = await git(["diff-tree", "--root", "--no-commit-id", "--name-status", "-r", "-z", sha], { gitDir });
  const parts = stdout.split("\0").filter(Boolean);
  const changes = { added: [] as string[], removed: [] as string[], modified: [] as string[] };
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const status = parts[i]!;
    const file = parts[i + 1]!;
    if (status === "A") changes.added.push(file);
    else if (status === "D") changes.removed.push(file);
    else changes.modified.push(file);
  }
  return changes;
}

/**
 * A three-way merge of `theirs` into `ours` without touching any work tree:
 * `git merge-tree --write-tree` (git ≥ 2.38) writes the merged tree into the object
 * store and exits 1 on conflicts. Returns the tree, or null on conflict.
 */
export async function mergeTrees(gitDir: string, ours: string, theirs: string): Promise<string | null> {
  const result = await git(["merge-tree", "--write-tree", "--no-messages", ours, theirs], { gitDir, allowFailure: true });
  if (result.code !== 0) return null;
  return result.stdout.split("\n")[0]!.trim();
}

export async function commitTree(
  gitDir: string,
  tree: string,
  parents: string[],
  message: string,
  author: { name: string; email: string },
): Promise<string> {
  const args = ["commit-tree", tree, ...parents.flatMap((parent) => ["-p", parent]), "-m", message];
  return (await git(args, { gitDir, env: authorEnv(author) })).stdout.trim();
}

/** Moves a ref only if it still points at `expected` (compare-and-swap, like a push without --force). */
export async function updateRef(gitDir: string, ref: string, next: string, expected: string) {
  await git(["update-ref", ref, next, expected], { gitDir });
}

export async function deleteRef(gitDir: string, ref: string) {
  await git(["update-ref", "-d", ref], { gitDir });
}

export type DiffFile = {
  filename: string;
  previousFilename?: string;
  status: "added" | "modified" | "removed" | "renamed";
  additions: number;
  deletions: number;
  sha: string | null;
  /** Hunks only (from the first `@@`), like GitHub's `patch`; undefined for binary files. */
  patch?: string;
};

/** What `git diff from to` changes, one entry per file, with rename detection. */
export async function diffFiles(gitDir: string, from: string, to: string): Promise<DiffFile[]> {
  const names = (await git(["diff", "--name-status", "-z", "-M", from, to], { gitDir })).stdout.split("\0");
  const numstat = (await git(["diff", "--numstat", "-z", "-M", from, to], { gitDir })).stdout.split("\0");
  const files: DiffFile[] = [];
  for (let i = 0, n = 0; i < names.length && names[i];) {
    const code = names[i]!;
    const renamed = code.startsWith("R");
    const oldName = names[i + 1]!;
    const newName = renamed ? names[i + 2]! : oldName;
    i += renamed ? 3 : 2;
    // numstat -z: "adds\tdels\tpath\0", or for a rename "adds\tdels\t\0old\0new\0".
    const [adds, dels] = numstat[n]!.split("\t");
    n += renamed ? 3 : 1;
    const status = renamed ? "renamed" : code === "A" ? "added" : code === "D" ? "removed" : "modified";
    const pathspec = renamed ? [oldName, newName] : [newName];
    const raw = (await git(["diff", "-M", "--no-color", from, to, "--", ...pathspec], { gitDir })).stdout;
    const hunk = raw.indexOf("\n@@");
    const blob = status === "removed" ? null : (await git(["rev-parse", `${to}:${newName}`], { gitDir })).stdout.trim();
    files.push({
      filename: newName,
      ...(renamed ? { previousFilename: oldName } : {}),
      status,
      additions: adds === "-" ? 0 : Number(adds),
      deletions: dels === "-" ? 0 : Number(dels),
      sha: blob,
      ...(hunk >= 0 ? { patch: raw.slice(hunk + 1).replace(/\n$/, "") } : {}),
    });
  }
  return files;
}

/**
 * The lines a review comment may point at in a file's patch: new-side (RIGHT) and
 * old-side (LEFT) line numbers inside the hunks, and how many `position`s there are
 * (lines counted from the one below the first `@@` header, later headers included).
 */
export function patchLines(patch: string) {
  const right = new Set<number>();
  const left = new Set<number>();
  const lines = patch.split("\n");
  let oldLine = 0;
  let newLine = 0;
  for (const line of lines) {
    const header = line.match(/^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
    } else if (line.startsWith("+")) right.add(newLine++);
    else if (line.startsWith("-")) left.add(oldLine++);
    else if (line.startsWith(" ")) {
      right.add(newLine++);
      left.add(oldLine++);
    }
  }
  return { right, left, positions: lines.length - 1 };
}

export type GitHttpRequest = {
  projectRoot: string;
  /** e.g. `/octocat/hello.git/info/refs` — relative to `projectRoot`. */
  pathInfo: string;
  remoteUser: string;
  receivePack: boolean;
  /** Hooks for receive-pack (`core.hooksPath`) and the environment they see. */
  hooks?: { dir: string; env: Record<string, string> };
  /** Runs after http-backend exits and before the response ends (the client waits for it). */
  beforeEnd?: (status: number) => Promise<void>;
};

/**
 * Runs `git http-backend` as a CGI program for one request: the request line and
 * headers go in as CGI variables, the body on stdin, and the reply comes back on
 * stdout as CGI headers (`Status:`, `Content-Type:`…), a blank line, then the body.
 * Resolves with the HTTP status once the whole reply has been written.
 */
export function serveGitHttp(req: http.IncomingMessage, res: http.ServerResponse, request: GitHttpRequest): Promise<number> {
  const url = new URL(req.url ?? "/", "http://fake");
  const env = gitEnv({
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: request.pathInfo,
    QUERY_STRING: url.search.slice(1),
    REQUEST_METHOD: req.method ?? "GET",
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    GATEWAY_INTERFACE: "CGI/1.1",
    // http-backend inflates gzip request bodies itself (git clients gzip large upload-pack requests).
    ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: req.headers["content-encoding"] } : {}),
    // Protocol v2 is negotiated with this header; http-backend passes it on as GIT_PROTOCOL.
    ...(req.headers["git-protocol"] ? { HTTP_GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
    // Pushing is off unless http.receivepack is set (or REMOTE_USER is); we say so explicitly.
    GIT_CONFIG_COUNT: request.hooks ? "2" : "1",
    GIT_CONFIG_KEY_0: "http.receivepack",
    GIT_CONFIG_VALUE_0: request.receivePack ? "true" : "false",
    ...(request.hooks ? { GIT_CONFIG_KEY_1: "core.hooksPath", GIT_CONFIG_VALUE_1: request.hooks.dir, ...request.hooks.env } : {}),
  });
  // No CONTENT_LENGTH: the body may arrive chunked; http-backend then reads stdin to EOF.
  return gitExecPath().then(
    (dir) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(path.join(dir, "git-http-backend"), [], { env, stdio: "pipe" });
        child.on("error", reject);
        child.stdin.on("error", () => {});
        req.pipe(child.stdin);
        const stderr: Buffer[] = [];
        child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
        let head = Buffer.alloc(0);
        let status = 0;
        child.stdout.on("data", (chunk: Buffer) => {
          if (status) return void res.write(chunk);
          head = Buffer.concat([head, chunk]);
          const end = findHeaderEnd(head);
          if (!end) return;
          const headers: Record<string, string> = {};
          status = 200;
          for (const line of head.subarray(0, end.at).toString("latin1").split(/\r?\n/)) {
            const colon = line.indexOf(":");
            if (colon < 0) continue;
            const name = line.slice(0, colon).trim();
            const value = line.slice(colon + 1).trim();
            if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
            else headers[name] = value;
          }
          res.writeHead(status, headers);
          res.write(head.subarray(end.at + end.length));
        });
        child.on("close", (code) => {
          if (!status) {
            status = 500;
            res.writeHead(500, { "Content-Type": "text/plain" });
            res.write(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString()}`);
          }
          void (request.beforeEnd?.(status) ?? Promise.resolve()).then(
            () => {
              res.end();
              resolve(status);
            },
            (error: unknown) => {
              res.destroy();
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        });
      }),
  );
}

function findHeaderEnd(buffer: Buffer): { at: number; length: number } | null {
  const crlf = buffer.indexOf("\r\n\r\n");
  const lf = buffer.indexOf("\n\n");
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return null;
}

let execPath: Promise<string> | undefined;
/** Where git keeps its helper programs (`git --exec-path`), http-backend among them. */
function gitExecPath() {
  return (execPath ??= git(["--exec-path"]).then((result) => result.stdout.trim()));
}
