/** Lines `from`–`to` (1-based, inclusive) of `lines`, numbered the way read_file numbers them. */
export function numberLines(lines: string[], from: number, to: number, maxLineChars = 2_000) {
  const start = Math.max(1, from);
  const end = Math.min(lines.length, to);
  const width = String(end).length;
  const numbered: string[] = [];
  for (let number = start; number <= end; number++) {
    const line = lines[number - 1]!;
    const shown =
      line.length > maxLineChars
        ? `${line.slice(0, maxLineChars)} … [line cut: ${line.length - maxLineChars} more characters]`
        : line;
    numbered.push(`${String(number).padStart(width)}  ${shown}`);
  }
  return numbered;
}

/** A file's text as lines, without the empty one after a final newline. */
export function splitLines(text: string) {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
