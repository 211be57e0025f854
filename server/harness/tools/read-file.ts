import { z } from "zod";
import { readTextFile } from "./files";
import { numberLines, splitLines } from "./number-lines";
import { defineTool } from "./tool";
import { resolveInWorkspace, ToolError } from "./workspace-path";

const MAX_READ_BYTES = 1_000_000;
const MAX_READ_LINES = 2_000;
const MAX_LINE_CHARS = 2_000;
// About 10k tokens a call: a minified bundle or a lock file cannot flood the context.
const MAX_RETURNED_CHARS = 40_000;

export const readFileTool = defineTool({
  name: "read_file",
  description: `Read a text file; lines are numbered. Use start_line/end_line for a range. At most ${MAX_READ_LINES} lines or ${MAX_RETURNED_CHARS / 1000} KB a call; lines over ${MAX_LINE_CHARS} characters are cut.`,
  input: z.object({
    path: z.string(),
    start_line: z.number().int().min(1).optional(),
    end_line: z.number().int().min(1).optional(),
  }),
  writes: false,
  concurrent: true,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    const result = await readTextFile(file, MAX_READ_BYTES).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ToolError(`${input.path} does not exist.`);
      if (error.code === "EISDIR") throw new ToolError(`${input.path} is a folder; use list_files.`);
      throw error;
    });
    if ("error" in result) throw new ToolError(`${input.path} is ${result.error === "binary" ? "a binary file" : result.error}.`);
    const lines = splitLines(result.text);
    const start = input.start_line ?? 1;
    if (start > lines.length) throw new ToolError(`${input.path} has only ${lines.length} lines.`);
    const end = Math.min(input.end_line ?? lines.length, lines.length, start + MAX_READ_LINES - 1);
    const numbered = numberLines(lines, start, end, MAX_LINE_CHARS);
    let size = 0;
    let shown = 0;
    while (shown < numbered.length && (shown === 0 || size + numbered[shown]!.length + 1 <= MAX_RETURNED_CHARS)) {
      size += numbered[shown]!.length + 1;
      shown++;
    }
    const last = start + shown - 1;
    let more = "";
    if (shown < numbered.length)
      more = `\n… output capped at ${MAX_RETURNED_CHARS / 1000} KB; lines ${last + 1}–${lines.length} not shown: use start_line/end_line to read on.`;
    else if (last < lines.length) more = `\n… lines ${last + 1}–${lines.length} not shown.`;
    return { content: numbered.slice(0, shown).join("\n") + more };
  },
});
