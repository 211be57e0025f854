/**
 * The Codex CLI's patch format (codex-rs/apply-patch), which Codex models are
 * trained to write:
 *
 *   *** Begin Patch
 *   *** Add File: path        then every line starts with "+"
 *   *** Delete File: path
 *   *** Update File: path     optionally "*** Move to: new path", then hunks:
 *   @@ optional context line  then " " context, "-" removed, "+" added lines,
 *                             optionally "*** End of File"
 *   *** End Patch
 *
 * Hunks are found by their lines, not line numbers: exactly, then ignoring
 * trailing whitespace, then ignoring surrounding whitespace, as Codex does.
 */
export type PatchHunk = { context?: string; oldLines: string[]; newLines: string[]; endOfFile: boolean };
export type PatchOperation =
  | { type: "add"; path: string; content: string }
  | { type: "delete"; path: string }
  | { type: "update"; path: string; moveTo?: string; hunks: PatchHunk[] };

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchError";
  }
}

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const END_OF_FILE = "*** End of File";

export function parsePatch(patch: string): PatchOperation[] {
  const lines = patch
    .trim()
    .split("\n")
    .map((line) => line.replace(/\r$/, ""));
  if (lines[0]?.trim() !== BEGIN) throw new PatchError(`The first line of the patch must be "${BEGIN}".`);
  if (lines[lines.length - 1]?.trim() !== END) throw new PatchError(`The last line of the patch must be "${END}".`);
  const body = lines.slice(1, -1);
  const operations: PatchOperation[] = [];
  let index = 0;
  const isHeader = (line: string) => line.startsWith(ADD) || line.startsWith(DELETE) || line.startsWith(UPDATE);
  while (index < body.length) {
    const line = body[index]!;
    const lineNumber = index + 2;
    if (line.startsWith(ADD)) {
      const path = line.slice(ADD.length).trim();
      const content: string[] = [];
      for (index++; index < body.length && !isHeader(body[index]!); index++) {
        if (!body[index]!.startsWith("+"))
          throw new PatchError(`Line ${index + 2}: every line of an added file starts with "+" (in ${path}).`);
        content.push(body[index]!.slice(1));
      }
      operations.push({ type: "add", path, content: content.length ? `${content.join("\n")}\n` : "" });
    } else if (line.startsWith(DELETE)) {
      operations.push({ type: "delete", path: line.slice(DELETE.length).trim() });
      index++;
    } else if (line.startsWith(UPDATE)) {
      const path = line.slice(UPDATE.length).trim();
      index++;
      let moveTo: string | undefined;
      if (body[index]?.startsWith(MOVE)) moveTo = body[index++]!.slice(MOVE.length).trim();
      const hunks: PatchHunk[] = [];
      while (index < body.length && !isHeader(body[index]!)) {
        const hunk = parseHunk(body, index, path, hunks.length === 0);
        hunks.push(hunk.hunk);
        index = hunk.next;
      }
      if (hunks.length === 0) throw new PatchError(`Line ${lineNumber}: "${UPDATE}${path}" has no hunks.`);
      operations.push({ type: "update", path, moveTo, hunks });
    } else if (line.trim() === "") index++;
    else
      throw new PatchError(
        `Line ${lineNumber}: "${line.slice(0, 80)}" is not a file header (expected "${ADD}", "${DELETE}" or "${UPDATE}").`,
      );
  }
  if (operations.length === 0) throw new PatchError("The patch changes no files.");
  return operations;
}

function parseHunk(lines: string[], start: number, path: string, first: boolean) {
  let index = start;
  const hunk: PatchHunk = { oldLines: [], newLines: [], endOfFile: false };
  const header = lines[index]!;
  if (header === "@@" || header.startsWith("@@ ")) {
    const context = header.slice(2).trim();
    if (context) hunk.context = context;
    index++;
  } else if (!first)
    throw new PatchError(`Line ${index + 2}: expected a hunk starting with "@@" in ${path}, got "${header.slice(0, 80)}".`);
  let changed = 0;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line === END_OF_FILE) {
      hunk.endOfFile = true;
      index++;
      break;
    }
    if (line.startsWith("@@") || line.startsWith("*** ")) break;
    const text = line.slice(1);
    if (line === "" || line.startsWith(" ")) {
      hunk.oldLines.push(text);
      hunk.newLines.push(text);
    } else if (line.startsWith("-")) {
      hunk.oldLines.push(text);
      changed++;
    } else if (line.startsWith("+")) {
      hunk.newLines.push(text);
      changed++;
    } else
      throw new PatchError(
        `Line ${index + 2}: hunk lines in ${path} start with " " (context), "-" (removed) or "+" (added); got "${line.slice(0, 80)}".`,
      );
  }
  if (changed === 0 && hunk.oldLines.length === 0) throw new PatchError(`Line ${start + 2}: an empty hunk in ${path}.`);
  return { hunk, next: index };
}

/** The file's new text after the hunks, or a PatchError naming the lines that were not found. */
export function applyHunks(text: string, hunks: PatchHunk[], path: string) {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const replacements: Array<{ start: number; length: number; lines: string[] }> = [];
  let cursor = 0;
  for (const hunk of hunks) {
    if (hunk.context !== undefined) {
      const found = seekSequence(lines, [hunk.context], cursor, false);
      if (found === -1) throw new PatchError(`Could not find the context line "${hunk.context}" in ${path}.`);
      cursor = found + 1;
    }
    if (hunk.oldLines.length === 0) {
      // Pure additions with no context go at the end of the file.
      replacements.push({ start: lines.length, length: 0, lines: hunk.newLines });
      continue;
    }
    let oldLines = hunk.oldLines;
    let newLines = hunk.newLines;
    let found = seekSequence(lines, oldLines, cursor, hunk.endOfFile);
    // A trailing blank context line often stands for the file's final newline.
    if (found === -1 && oldLines[oldLines.length - 1] === "") {
      oldLines = oldLines.slice(0, -1);
      if (newLines[newLines.length - 1] === "") newLines = newLines.slice(0, -1);
      found = oldLines.length ? seekSequence(lines, oldLines, cursor, hunk.endOfFile) : -1;
    }
    if (found === -1)
      throw new PatchError(
        `Could not find these lines in ${path}${hunk.context ? ` after "${hunk.context}"` : ""}:\n${hunk.oldLines.join("\n")}\nRead the file and copy the context lines exactly.`,
      );
    replacements.push({ start: found, length: oldLines.length, lines: newLines });
    cursor = found + oldLines.length;
  }
  replacements.sort((a, b) => a.start - b.start);
  for (const replacement of replacements.reverse()) lines.splice(replacement.start, replacement.length, ...replacement.lines);
  return lines.length ? `${lines.join("\n")}\n` : "";
}

function seekSequence(lines: string[], pattern: string[], start: number, endOfFile: boolean) {
  if (pattern.length > lines.length) return -1;
  const from = endOfFile ? Math.max(start, lines.length - pattern.length) : start;
  const loose: Array<(line: string) => string> = [(line) => line, (line) => line.trimEnd(), (line) => line.trim()];
  for (const normalise of loose) {
    for (let index = from; index + pattern.length <= lines.length; index++) {
      if (pattern.every((line, offset) => normalise(lines[index + offset]!) === normalise(line))) return index;
    }
  }
  return -1;
}
