import path from "node:path";
import { z } from "zod";
import { gitGrep, type GrepResult } from "./git-grep";
import { defineTool } from "./tool";
import { displayPath, resolveInWorkspace, ToolError } from "./workspace-path";

const MAX_MATCHES = 100;
const MAX_FILES = 200;
const MAX_LINE_CHARS = 250;

/**
 * `search_text` on `git grep`: tracked files and untracked ones that are not
 * ignored, so `.gitignore` (node_modules, build output) keeps the results small.
 */
export const searchText = defineTool({
  name: "search_text",
  description:
    "Search the workspace's files (tracked and untracked, .gitignore respected) for text; returns path:line: text. regex: Perl-compatible regular expression instead of literal text. glob: only files matching it (e.g. *.ts, src/**/*.test.ts). files_with_matches: only the paths.",
  input: z.object({
    pattern: z.string().min(1).max(1_000),
    path: z.string().default(".").describe("Folder or file relative to the workspace root."),
    regex: z.boolean().default(false),
    ignore_case: z.boolean().default(false),
    glob: z.string().min(1).max(200).optional(),
    files_with_matches: z.boolean().default(false),
  }),
  writes: false,
  concurrent: true,
  async run(input, context) {
    const target = resolveInWorkspace(context.root, input.path);
    const base = displayPath(context.root, target);
    const pathspec = input.glob
      ? `:(glob)${base === "." ? "" : `${base}/`}${input.glob.includes("/") ? input.glob : `**/${input.glob}`}`
      : base;
    const flags = ["-I", "--no-color", "--null", input.files_with_matches ? "-l" : "-n"];
    if (input.ignore_case) flags.push("-i");
    const root = path.resolve(context.root);
    const grep = async (syntax: string) => {
      const args = [...flags, syntax, "-e", input.pattern, "--", pathspec];
      let result = await gitGrep(root, ["--untracked", "--exclude-standard", ...args]);
      if (result.exitCode !== 0 && /not a git repository/i.test(result.stderr))
        result = await gitGrep(root, ["--no-index", "--exclude-standard", ...args]);
      return result;
    };
    let result = await grep(input.regex ? "-P" : "-F");
    // A git built without PCRE: fall back to extended regular expressions.
    if (input.regex && result.exitCode !== 0 && /perl|pcre/i.test(result.stderr)) result = await grep("-E");
    if (result.exitCode === 1 && !result.stdout) return { content: "No matches." };
    if (result.exitCode !== 0 && !result.cut) throw new ToolError(`Search failed: ${cleanError(result)}`);
    return { content: input.files_with_matches ? listFiles(result) : listMatches(result) };
  },
});

function listFiles(result: GrepResult) {
  const files = result.stdout.split("\0").filter(Boolean);
  const shown = files.slice(0, MAX_FILES);
  const more = files.length > MAX_FILES || result.cut;
  return shown.join("\n") + (more ? `\n… more than ${MAX_FILES} files match; narrow with path or glob.` : "");
}

function listMatches(result: GrepResult) {
  // With --null each match is "path\0line\0text".
  const lines = result.stdout.split("\n").filter(Boolean);
  const shown = lines.slice(0, MAX_MATCHES).map((line) => {
    const [file, number, ...rest] = line.split("\0");
    const text = rest.join("\0");
    const cut = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)} … [line cut]` : text;
    return `${file}:${number}: ${cut}`;
  });
  if (lines.length <= MAX_MATCHES && !result.cut) return shown.join("\n");
  const count = result.cut ? `more than ${lines.length}` : String(lines.length);
  return `${shown.join("\n")}\n… ${count} matches, ${MAX_MATCHES} shown; narrow with path or glob, or use files_with_matches.`;
}

function cleanError(result: GrepResult) {
  return result.stderr.replace(/^fatal: /gm, "").trim() || `git grep exited with ${result.exitCode}`;
}
