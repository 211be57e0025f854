import { runGit } from "./run-git";

/** At most this many lines of tree reach the first message; the model lists more with list_files. */
const MAX_LINES = 120;
/** A folder shows at most this many of its own entries. */
const MAX_PER_FOLDER = 15;

/**
 * The workspace two levels deep, as the first message describes it: the files
 * git would deliver (tracked, plus new files that .gitignore does not exclude),
 * top-level entries with folders' direct entries indented under them. Folders
 * end in `/`; long folders and a long tree end in a "… N more" line.
 */
export async function workspaceTree(dir: string) {
  const output = await runGit(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  return formatTree(output.split("\0").filter(Boolean));
}

/** The tree's lines for a list of workspace-relative file paths. */
export function formatTree(paths: string[]) {
  const top = new Map<string, Set<string>>();
  for (const file of new Set(paths)) {
    const [first, second, ...rest] = file.split("/");
    if (second === undefined) {
      top.set(first!, top.get(first!) ?? new Set());
      continue;
    }
    const folder = `${first}/`;
    const children = top.get(folder) ?? new Set<string>();
    children.add(rest.length ? `${second}/` : second);
    top.set(folder, children);
  }
  const lines: string[] = [];
  const names = [...top.keys()].sort(compareEntries);
  for (const name of names) {
    lines.push(name);
    const children = [...top.get(name)!].sort(compareEntries);
    for (const child of children.slice(0, MAX_PER_FOLDER)) lines.push(`  ${child}`);
    if (children.length > MAX_PER_FOLDER) lines.push(`  … ${children.length - MAX_PER_FOLDER} more`);
  }
  if (lines.length <= MAX_LINES) return lines.join("\n");
  return [...lines.slice(0, MAX_LINES), `… ${lines.length - MAX_LINES} more lines (list_files shows them)`].join("\n");
}

/** Folders before files, then by name, as `ls` users expect to scan them. */
function compareEntries(a: string, b: string) {
  const folderA = a.endsWith("/");
  const folderB = b.endsWith("/");
  if (folderA !== folderB) return folderA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
