import { runGit } from "./run-git";

/** One file of a diff, as the run page and the pull request show it. */
export type FileDiff = {
  filePath: string;
  changeType: "added" | "modified" | "deleted" | "renamed";
  diff: string;
  additions: number;
  deletions: number;
};

const MAX_FILE_DIFF = 200_000;

/**
 * Everything that changed in a work tree since `base`, per file, as unified
 * diffs: new files included (staged with `git add -A` first), renames detected.
 * A work tree with nothing changed (many runs) costs one git command, not four:
 * each spawn forks the whole server process.
 */
export async function workspaceDiff(dir: string, base = "HEAD"): Promise<FileDiff[]> {
  if (await unchangedSince(dir, base)) return [];
  await runGit(dir, ["add", "-A"]);
  const [nameStatus, numstat, patch] = await Promise.all([
    runGit(dir, ["diff", "--cached", "-M", "--name-status", "-z", base]),
    runGit(dir, ["diff", "--cached", "-M", "--numstat", "-z", base]),
    runGit(dir, ["diff", "--cached", "-M", "--no-color", "--no-ext-diff", base]),
  ]);
  const entries = parseNameStatus(nameStatus);
  const counts = parseNumstat(numstat);
  const patches = splitPatch(patch);
  return entries.map((entry, index) => {
    const diff = patches[index] ?? "";
    const count = counts[index];
    return {
      filePath: entry.path,
      changeType: entry.changeType,
      diff: diff.length > MAX_FILE_DIFF ? `${diff.slice(0, MAX_FILE_DIFF)}\n… diff truncated` : diff,
      additions: count?.additions ?? 0,
      deletions: count?.deletions ?? 0,
    };
  });
}

/** Whether the work tree, the index and HEAD are all still `base` (untracked files count as changes). */
async function unchangedSince(dir: string, base: string) {
  const status = await runGit(dir, ["status", "--porcelain=v2", "--branch", "--untracked-files=all", "-z"]);
  const fields = status.split("\0").filter(Boolean);
  if (fields.some((field) => !field.startsWith("# "))) return false;
  const head = fields.find((field) => field.startsWith("# branch.oid "))?.slice("# branch.oid ".length);
  return base === "HEAD" || head === base;
}

function parseNameStatus(output: string) {
  const fields = output.split("\0").filter(Boolean);
  const entries: Array<{ path: string; changeType: FileDiff["changeType"] }> = [];
  for (let index = 0; index < fields.length;) {
    const status = fields[index++]!;
    if (status.startsWith("R") || status.startsWith("C")) {
      index++; // the old path
      entries.push({ path: fields[index++]!, changeType: "renamed" });
    } else {
      const changeType = status === "A" ? "added" : status === "D" ? "deleted" : "modified";
      entries.push({ path: fields[index++]!, changeType });
    }
  }
  return entries;
}

function parseNumstat(output: string) {
  // With -z, a rename is "adds\tdels\t\0old\0new\0"; otherwise "adds\tdels\tpath\0".
  const fields = output.split("\0");
  const counts: Array<{ additions: number; deletions: number }> = [];
  for (let index = 0; index < fields.length; index++) {
    const match = /^(\d+|-)\t(\d+|-)\t(.*)$/.exec(fields[index]!);
    if (!match) continue;
    counts.push({ additions: match[1] === "-" ? 0 : Number(match[1]), deletions: match[2] === "-" ? 0 : Number(match[2]) });
    if (match[3] === "") index += 2;
  }
  return counts;
}

function splitPatch(patch: string) {
  const parts = patch.split(/^(?=diff --git )/m).filter((part) => part.startsWith("diff --git "));
  return parts.map((part) => part.replace(/\n$/, ""));
}
