import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { applyHunks, PatchError, parsePatch } from "./apply-patch";
import { defineTool } from "./tool";
import { displayPath, resolveInWorkspace, ToolError } from "./workspace-path";

export const applyPatchTool = defineTool({
  name: "apply_patch",
  description: [
    "Edit files with a patch. The input is the whole patch:",
    "*** Begin Patch",
    "*** Add File: <path>      (every following line starts with +)",
    "*** Delete File: <path>",
    "*** Update File: <path>   (optionally followed by *** Move to: <new path>)",
    "@@ <optional line to find first, e.g. a function header>",
    " context line (3 before and after each change)",
    "-removed line",
    "+added line",
    "*** End Patch",
    "Paths are relative to the workspace root. All changes apply, or none.",
  ].join("\n"),
  input: z.object({ input: z.string().min(1).describe("The entire patch, from *** Begin Patch to *** End Patch.") }),
  writes: true,
  async run(input, context) {
    let operations;
    try {
      operations = parsePatch(input.input);
    } catch (error) {
      if (error instanceof PatchError) throw new ToolError(`Invalid patch: ${error.message}`);
      throw error;
    }
    // Every file's new content is worked out before anything is written, so a bad hunk changes nothing.
    const files = new Map<string, string | null>();
    const current = async (file: string, shown: string) => {
      if (files.has(file)) return files.get(file) ?? null;
      return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return null;
        if (error.code === "EISDIR") throw new ToolError(`${shown} is a folder.`);
        throw error;
      });
    };
    const summary: string[] = [];
    try {
      for (const operation of operations) {
        const file = resolveInWorkspace(context.root, operation.path);
        const shown = displayPath(context.root, file);
        if (operation.type === "add") {
          files.set(file, operation.content);
          summary.push(`A ${shown}`);
        } else if (operation.type === "delete") {
          if ((await current(file, shown)) === null) throw new ToolError(`Cannot delete ${shown}: it does not exist.`);
          files.set(file, null);
          summary.push(`D ${shown}`);
        } else {
          const text = await current(file, shown);
          if (text === null) throw new ToolError(`Cannot update ${shown}: it does not exist (use *** Add File).`);
          const updated = applyHunks(text, operation.hunks, shown);
          if (operation.moveTo) {
            const target = resolveInWorkspace(context.root, operation.moveTo);
            files.set(file, null);
            files.set(target, updated);
            summary.push(`M ${displayPath(context.root, target)} (moved from ${shown})`);
          } else {
            files.set(file, updated);
            summary.push(`M ${shown}`);
          }
        }
      }
    } catch (error) {
      if (error instanceof PatchError) throw new ToolError(`${error.message}\nNothing was changed.`);
      if (error instanceof ToolError) throw new ToolError(`${error.message}\nNothing was changed.`);
      throw error;
    }
    await writeAll(files);
    return { content: `Success. Updated the following files:\n${summary.join("\n")}` };
  },
});

/** Writes (or deletes, for null) every file; if one fails, the ones already written are put back. */
async function writeAll(files: Map<string, string | null>) {
  const originals = new Map<string, string | null>();
  try {
    for (const [file, content] of files) {
      originals.set(file, await readFile(file, "utf8").catch(() => null));
      if (content === null) await rm(file, { force: true });
      else {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
  } catch (error) {
    for (const [file, original] of originals) {
      if (original === null) await rm(file, { force: true }).catch(() => undefined);
      else await writeFile(file, original).catch(() => undefined);
    }
    throw error;
  }
}
