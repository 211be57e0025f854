import { mapStrings, MAX_DEPTH, replaceLoneSurrogates, TooDeepError } from "../text/sanitize";

/** A field of a request's input and what is wrong with it (`labels.1`, "Contains a NUL byte…"). */
export type FieldIssue = { path: string; message: string };

/** Input refused before its schema saw it; the API answers it as it answers a schema's issues. */
export class InputIssuesError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; "));
    this.name = "InputIssuesError";
  }
}

/**
 * A request's input made storable before any schema sees it: lone surrogates
 * become U+FFFD; a NUL byte, which Postgres cannot store and no person types,
 * is refused with an issue naming its field; so is nesting deeper than any
 * procedure takes (the schemas would recurse into it).
 */
export function cleanRequestInput(input: unknown): { input: unknown } | { error: InputIssuesError } {
  const nul: string[] = [];
  try {
    const cleaned = mapStrings(input, (text, path) => {
      if (text.includes("\0")) nul.push(path.join("."));
      return replaceLoneSurrogates(text);
    });
    if (nul.length === 0) return { input: cleaned };
  } catch (error) {
    if (!(error instanceof TooDeepError)) throw error;
    return { error: new InputIssuesError([{ path: error.path.join("."), message: `Nested deeper than ${MAX_DEPTH} levels.` }]) };
  }
  return {
    error: new InputIssuesError(
      nul.slice(0, 10).map((path) => ({ path, message: "Contains a NUL byte, which cannot be stored." })),
    ),
  };
}
