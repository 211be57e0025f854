import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { checkoutNewBranch, cloneRepository, configureIdentity } from "./pipeline";
import { runGit } from "./run-git";
import { commandHomeFor } from "../harness/tools/scratch";

export type Workspace = { dir: string; baseRef: string; cleanup(): Promise<void> };

export type WorkspaceSource = {
  cloneUrl: string;
  /** The branch to clone (the base, or a pull request's head for reviews). */
  checkout: string;
  /** The run's own branch, created from the checkout; null to stay on it (reviews of a PR). */
  branch: string | null;
  token: string;
};

const IDENTITY = { name: "Assembly Lime", email: "agent@assembly-lime.local" };

/**
 * The local executor's workspace: a folder per run under WORKSPACES_DIR. With
 * a repository it is a shallow clone on the run's branch `al/{mode}/{runId}`;
 * without one, an empty git repository — either way every change the agent
 * makes can be diffed against the base commit.
 */
export async function createLocalWorkspace(options: {
  root: string;
  runId: number;
  keep: boolean;
  source?: WorkspaceSource;
}): Promise<Workspace> {
  const dir = path.join(options.root, `run-${options.runId}`);
  // Commands keep HOME and caches outside the workspace, in a folder of their own (see commandHomeFor).
  const home = commandHomeFor(dir);
  await Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]);
  await mkdir(dir, { recursive: true });
  let baseRef: string;
  if (options.source) {
    await cloneRepository({
      dir,
      cloneUrl: options.source.cloneUrl,
      branch: options.source.checkout,
      token: options.source.token,
    });
    await configureIdentity(dir, IDENTITY.name, IDENTITY.email);
    if (options.source.branch) await checkoutNewBranch(dir, options.source.branch);
    baseRef = (await runGit(dir, ["rev-parse", "HEAD"])).trim();
  } else {
    baseRef = await writeEmptyRepository(dir);
  }
  return {
    dir,
    baseRef,
    async cleanup() {
      if (options.keep) return;
      await Promise.all([rm(dir, { recursive: true, force: true }), rm(home, { recursive: true, force: true })]);
    },
  };
}

type RepositoryFiles = { folders: string[]; files: Array<{ path: string; content: Buffer }>; head: string };
let emptyRepository: Promise<RepositoryFiles> | undefined;

/**
 * Writes an empty repository (branch main, the agent's identity, one empty base
 * commit) into `dir` and returns the base commit. git makes it once per process,
 * in a folder of its own that is read into memory and removed; each run gets
 * a copy of those files. Spawning git forks this whole process, which blocks
 * its event loop (every run's streams) for milliseconds to tens of
 * milliseconds on a busy machine: five spawns per run were most of a short
 * run's cost.
 */
async function writeEmptyRepository(dir: string) {
  emptyRepository ??= makeEmptyRepository().catch((error: unknown) => {
    emptyRepository = undefined;
    throw error;
  });
  const { folders, files, head } = await emptyRepository;
  for (const folder of folders) await mkdir(path.join(dir, folder), { recursive: true });
  await Promise.all(files.map((file) => writeFile(path.join(dir, file.path), file.content)));
  return head;
}

async function makeEmptyRepository(): Promise<RepositoryFiles> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "al-empty-repo-"));
  try {
    // An empty template: no sample hooks or description to copy into every workspace.
    await runGit(dir, ["init", "-q", "-b", "main", "--template="]);
    await configureIdentity(dir, IDENTITY.name, IDENTITY.email);
    await runGit(dir, ["commit", "-q", "--allow-empty", "-m", "Workspace base"]);
    const head = (await runGit(dir, ["rev-parse", "HEAD"])).trim();
    const folders: string[] = [];
    const files: RepositoryFiles["files"] = [];
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name));
      if (entry.isDirectory()) folders.push(relative);
      else if (entry.isFile()) files.push({ path: relative, content: await readFile(path.join(dir, relative)) });
    }
    return { folders, files, head };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
