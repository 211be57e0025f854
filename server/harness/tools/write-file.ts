import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { defineTool } from "./tool";
import { displayPath, resolveInWorkspace } from "./workspace-path";

export const writeFileTool = defineTool({
  name: "write_file",
  description: "Create or overwrite a file with the given content (folders are created).",
  input: z.object({ path: z.string(), content: z.string() }),
  writes: true,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, input.content);
    return { content: `Wrote ${displayPath(context.root, file)} (${input.content.split("\n").length} lines).` };
  },
});
