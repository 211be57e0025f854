import { z } from "zod";
import { walk } from "./files";
import { defineTool } from "./tool";
import { resolveInWorkspace } from "./workspace-path";

export const listFiles = defineTool({
  name: "list_files",
  description: "List files and folders (folders end in /) under a workspace path.",
  input: z.object({
    path: z.string().default(".").describe("Folder relative to the workspace root."),
    depth: z.number().int().min(1).max(6).default(2).describe("Levels to descend."),
  }),
  writes: false,
  concurrent: true,
  async run(input, context) {
    const dir = resolveInWorkspace(context.root, input.path);
    const { entries, truncated } = await walk(dir, dir, { maxDepth: input.depth, limit: 500 });
    if (entries.length === 0) return { content: "(empty)" };
    return { content: entries.join("\n") + (truncated ? "\n… more entries omitted; list a subfolder." : "") };
  },
});
