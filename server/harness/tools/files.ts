import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { SCRATCH_DIR } from "./scratch";

const SKIPPED_DIRS = new Set([".git", SCRATCH_DIR, "node_modules", ".venv", "__pycache__", "dist", "build", ".next", "target"]);

/** Files and folders under `dir` (relative to `root`), breadth-first, skipping VCS and dependency folders. */
export async function walk(root: string, dir: string, options: { maxDepth: number; limit: number }) {
  const entries: string[] = [];
  let truncated = false;
  let level: Array<{ dir: string; depth: number }> = [{ dir, depth: 1 }];
  while (level.length > 0 && !truncated) {
    const next: typeof level = [];
    for (const current of level) {
      const children = await readdir(current.dir, { withFileTypes: true }).catch(() => []);
      children.sort((a, b) => a.name.localeCompare(b.name));
      for (const child of children) {
        const full = path.join(current.dir, child.name);
        const relative = path.relative(root, full);
        if (child.isDirectory()) {
          if (SKIPPED_DIRS.has(child.name)) continue;
          entries.push(`${relative}/`);
          if (current.depth < options.maxDepth) next.push({ dir: full, depth: current.depth + 1 });
        } else {
          entries.push(child.isSymbolicLink() ? `${relative} -> (symlink)` : relative);
        }
        if (entries.length >= options.limit) {
          truncated = true;
          break;
        }
      }
      if (truncated) break;
    }
    level = next;
  }
  return { entries: entries.sort(), truncated };
}

/** Reads a text file, refusing binaries and very large files. */
export async function readTextFile(file: string, maxBytes: number) {
  const info = await stat(file);
  if (!info.isFile()) return { error: "not a file" as const };
  if (info.size > maxBytes) return { error: "too large" as const, size: info.size };
  const buffer = await readFile(file);
  if (buffer.subarray(0, 8000).includes(0)) return { error: "binary" as const };
  return { text: buffer.toString("utf8") };
}
