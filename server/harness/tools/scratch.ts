import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** The workspace folder for the agent's own files (saved command output): readable, never delivered. */
export const SCRATCH_DIR = ".al-scratch";

/** Creates the scratch folder and keeps it out of `git add -A` through `.git/info/exclude`. */
export async function prepareScratch(root: string) {
  const dir = path.join(root, SCRATCH_DIR);
  await mkdir(dir, { recursive: true });
  const exclude = await excludeFileOf(root);
  if (!exclude) return dir;
  const current = await readFile(exclude, "utf8").catch(() => "");
  const line = `/${SCRATCH_DIR}/`;
  if (!current.split("\n").includes(line)) {
    await mkdir(path.dirname(exclude), { recursive: true });
    await appendFile(exclude, `${current && !current.endsWith("\n") ? "\n" : ""}${line}\n`);
  }
  return dir;
}

/**
 * The home folder of a workspace's commands, outside the workspace (so npm,
 * pip and go caches never reach the diff), one per workspace, in the temp
 * folder both executors can write (a pod's /tmp is an emptyDir).
 */
export function commandHomeFor(root: string) {
  const id = createHash("sha256").update(path.resolve(root)).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), "assembly-lime-homes", id);
}

/** `.git/info/exclude`, also for a worktree's `.git` file; read without git (a pod's git may refuse the folder's owner). */
async function excludeFileOf(root: string) {
  const dotGit = path.join(root, ".git");
  const info = await stat(dotGit).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) return path.join(dotGit, "info", "exclude");
  const pointer = /^gitdir: (.+)$/m.exec(await readFile(dotGit, "utf8"));
  if (!pointer) return null;
  const gitDir = path.resolve(root, pointer[1]!.trim());
  // A linked worktree shares its main repository's info/exclude.
  const common = await readFile(path.join(gitDir, "commondir"), "utf8").catch(() => null);
  return path.join(common ? path.resolve(gitDir, common.trim()) : gitDir, "info", "exclude");
}
