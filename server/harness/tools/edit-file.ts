import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { findClosestLines } from "./closest-lines";
import { numberLines, splitLines } from "./number-lines";
import { defineTool } from "./tool";
import { resolveInWorkspace, ToolError } from "./workspace-path";

const CONTEXT_LINES = 3;
const MAX_SNIPPET_LINES = 40;
const MAX_LISTED_MATCHES = 20;

export const editFile = defineTool({
  name: "edit_file",
  description:
    "Replace an exact string in a file. old_string must match exactly once unless replace_all is true; include enough context to be unique. Returns the edited lines, numbered; on a miss, the closest lines.",
  input: z.object({
    path: z.string(),
    old_string: z.string().min(1),
    new_string: z.string(),
    replace_all: z.boolean().default(false),
  }),
  writes: true,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ToolError(`${input.path} does not exist; use write_file to create it.`);
      throw error;
    });
    const offsets = occurrences(text, input.old_string);
    if (offsets.length === 0) throw new ToolError(missMessage(input.path, text, input.old_string));
    if (offsets.length > 1 && !input.replace_all) {
      const lines = offsets.slice(0, MAX_LISTED_MATCHES).map((offset) => lineOf(text, offset));
      const more = offsets.length > MAX_LISTED_MATCHES ? ", …" : "";
      throw new ToolError(
        `old_string occurs ${offsets.length} times in ${input.path} (at lines ${lines.join(", ")}${more}); add context to make it unique or set replace_all.`,
      );
    }
    const updated = input.replace_all
      ? text.split(input.old_string).join(input.new_string)
      : text.replace(input.old_string, () => input.new_string);
    await writeFile(file, updated);
    const count = offsets.length;
    const first = lineOf(updated, offsets[0]!);
    const last = first + input.new_string.split("\n").length - 1;
    const to = Math.min(last + CONTEXT_LINES, first - CONTEXT_LINES + MAX_SNIPPET_LINES - 1);
    const snippet = numberLines(splitLines(updated), first - CONTEXT_LINES, to).join("\n");
    const where = count > 1 ? " The first one now reads:" : "";
    return { content: `Edited ${input.path} (${count} replacement${count === 1 ? "" : "s"}).${where}\n${snippet}` };
  },
});

function missMessage(file: string, text: string, needle: string) {
  const base = `old_string was not found in ${file}.`;
  const closest = findClosestLines(text, needle);
  if (!closest) return `${base} Nothing in the file is close to it; read the file and copy the text exactly.`;
  const lines = numberLines(text.split("\n"), closest.start - 1, closest.end + 1).join("\n");
  const why =
    closest.kind === "whitespace"
      ? `Lines ${closest.start}–${closest.end} match it except for whitespace (indentation, spaces or tabs)`
      : `The closest lines are ${closest.start}–${closest.end}`;
  return `${base} ${why}; copy them exactly as they are (without the line numbers):\n${lines}`;
}

function occurrences(text: string, needle: string) {
  const offsets: number[] = [];
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) offsets.push(index);
  return offsets;
}

function lineOf(text: string, offset: number) {
  let line = 1;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) line++;
  return line;
}
