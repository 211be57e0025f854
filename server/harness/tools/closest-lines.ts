const MAX_SCANNED_LINES = 20_000;
const MAX_NEEDLE_LINES = 60;

export type ClosestLines = { start: number; end: number; kind: "whitespace" | "similar"; score: number };

/**
 * Where in `text` the model's `needle` (an old_string that did not match) most
 * likely was: the same lines with different indentation or spacing, else the
 * window of lines most similar to it (bigram overlap), if any is close enough.
 * Lines are 1-based and inclusive.
 */
export function findClosestLines(text: string, needle: string): ClosestLines | null {
  const lines = text.split("\n").slice(0, MAX_SCANNED_LINES);
  const wanted = needle
    .replace(/^\n+|\n+$/g, "")
    .split("\n")
    .slice(0, MAX_NEEDLE_LINES);
  const squash = (line: string) => line.replace(/\s+/g, " ").trim();
  const wantedSquashed = wanted.map(squash);
  const count = wanted.length;

  let best: ClosestLines | null = null;
  for (let start = 0; start + count <= lines.length; start++) {
    let exact = true;
    let score = 0;
    for (let offset = 0; offset < count; offset++) {
      const line = squash(lines[start + offset]!);
      if (line !== wantedSquashed[offset]) exact = false;
      score += similarity(line, wantedSquashed[offset]!);
    }
    if (exact) return { start: start + 1, end: start + count, kind: "whitespace", score: 1 };
    score /= count;
    if (!best || score > best.score) best = { start: start + 1, end: start + count, kind: "similar", score };
  }
  return best && best.score >= 0.5 ? best : null;
}

/** Dice coefficient over character bigrams: 1 for equal strings, 0 for nothing in common. */
function similarity(a: string, b: string) {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const bigrams = new Map<string, number>();
  for (let index = 0; index < a.length - 1; index++) {
    const pair = a.slice(index, index + 2);
    bigrams.set(pair, (bigrams.get(pair) ?? 0) + 1);
  }
  let common = 0;
  for (let index = 0; index < b.length - 1; index++) {
    const pair = b.slice(index, index + 2);
    const left = bigrams.get(pair) ?? 0;
    if (left > 0) {
      bigrams.set(pair, left - 1);
      common++;
    }
  }
  return (2 * common) / (a.length - 1 + b.length - 1);
}
