import { lstatSync, realpathSync } from "node:fs";
import path from "node:path";

export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolError";
  }
}

/**
 * Resolves a model-supplied path inside the workspace, or refuses it: absolute
 * paths, `..` that climbs out, and symlinks (of the file or any folder on the
 * way) that point outside all fail. Paths that do not exist yet are checked
 * through their nearest existing ancestor.
 */
export function resolveInWorkspace(root: string, requested: string) {
  if (typeof requested !== "string" || requested.trim() === "") throw new ToolError("A path is required.");
  if (requested.includes("\0")) throw new ToolError("The path contains a NUL byte.");
  if (path.isAbsolute(requested) || /^[a-zA-Z]:[\\/]/.test(requested))
    throw new ToolError(`"${requested}" is absolute; use a path relative to the workspace root.`);
  const realRoot = realpathSync(root);
  const resolved = path.resolve(realRoot, requested);
  if (!isInside(realRoot, resolved)) throw new ToolError(`"${requested}" is outside the workspace.`);

  // Walk up to the nearest existing ancestor and resolve its symlinks.
  let existing = resolved;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(existing);
      if (!isInside(realRoot, real)) throw new ToolError(`"${requested}" leads outside the workspace through a symlink.`);
      return path.join(real, ...rest.reverse());
    } catch (error) {
      if (error instanceof ToolError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
      // A dangling symlink must not be followed later when the file is created.
      if (isSymlink(existing)) throw new ToolError(`"${requested}" goes through a symlink that points nowhere.`);
      rest.push(path.basename(existing));
      const parent = path.dirname(existing);
      if (parent === existing) throw new ToolError(`"${requested}" cannot be resolved.`);
      existing = parent;
    }
  }
}

export function isInside(root: string, candidate: string) {
  const relative = path.relative(root, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The workspace-relative form used in tool output. */
export function displayPath(root: string, absolute: string) {
  return path.relative(realpathSync(root), absolute) || ".";
}

function isSymlink(file: string) {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
