import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { executeTool, toolsForMode, toolSpecs, type ToolContext } from ".";

const base = mkdtempSync(path.join(os.tmpdir(), "al-patch-"));
const root = path.join(base, "workspace");
afterAll(() => rmSync(base, { recursive: true, force: true }));
const context: ToolContext = { root, commandTimeoutSeconds: 5 };
const patch = (lines: string[]) =>
  executeTool(
    toolsForMode("implement", { provider: "codex" }),
    { name: "apply_patch", input: { input: lines.join("\n") } },
    context,
  );
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

const app = ["import os", "", "def greet():", '    print("Hi")', "", "def main():", "    greet()", '    print("done")', ""].join(
  "\n",
);
beforeEach(() => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "src"), { recursive: true });
  writeFileSync(path.join(root, "src/app.py"), app);
  writeFileSync(path.join(root, "obsolete.txt"), "old\n");
});

describe("apply_patch", () => {
  it("adds, updates with context hunks, moves and deletes files in one patch", async () => {
    const result = await patch([
      "*** Begin Patch",
      "*** Add File: docs/hello.txt",
      "+Hello world",
      "+second line",
      "*** Update File: src/app.py",
      "*** Move to: src/main.py",
      "@@ def greet():",
      '-    print("Hi")',
      '+    print("Hello, world!")',
      "@@ def main():",
      "     greet()",
      '-    print("done")',
      '+    print("all done")',
      "*** Delete File: obsolete.txt",
      "*** End Patch",
    ]);
    expect(result).toEqual({
      content: "Success. Updated the following files:\nA docs/hello.txt\nM src/main.py (moved from src/app.py)\nD obsolete.txt",
    });
    expect(read("docs/hello.txt")).toBe("Hello world\nsecond line\n");
    expect(read("src/main.py")).toBe(app.replace('print("Hi")', 'print("Hello, world!")').replace('"done"', '"all done"'));
    expect(existsSync(path.join(root, "src/app.py"))).toBe(false);
    expect(existsSync(path.join(root, "obsolete.txt"))).toBe(false);
  });

  it("anchors an End of File hunk at the end and tolerates trailing whitespace in context", async () => {
    writeFileSync(path.join(root, "list.txt"), "a\nb  \nc\na\nb\nc\n");
    const result = await patch([
      "*** Begin Patch",
      "*** Update File: list.txt",
      "@@",
      " a",
      " b",
      "-c",
      "+C",
      "*** End of File",
      "*** End Patch",
    ]);
    expect(result.isError).toBeUndefined();
    expect(read("list.txt")).toBe("a\nb  \nc\na\nb\nC\n");
    await patch(["*** Begin Patch", "*** Update File: list.txt", "@@", " a", " b", "-c", "+first", "*** End Patch"]);
    // As in Codex, the matched lines are replaced by the hunk's, context included.
    expect(read("list.txt")).toBe("a\nb\nfirst\na\nb\nC\n");
  });

  it("changes nothing when one hunk does not apply, and says which lines were not found", async () => {
    const result = await patch([
      "*** Begin Patch",
      "*** Add File: new.txt",
      "+new",
      "*** Update File: src/app.py",
      "@@",
      '-    print("Bye")',
      '+    print("x")',
      "*** End Patch",
    ]);
    expect(result.isError).toBe(true);
    expect(result.content).toContain('Could not find these lines in src/app.py:\n    print("Bye")');
    expect(result.content).toContain("Nothing was changed.");
    expect(existsSync(path.join(root, "new.txt"))).toBe(false);
    expect(read("src/app.py")).toBe(app);
  });

  it.each([
    [["*** Update File: src/app.py", "@@", "-x", "+y", "*** End Patch"], 'first line of the patch must be "*** Begin Patch"'],
    [["*** Begin Patch", "*** Update File: src/app.py", "@@", "-x"], 'last line of the patch must be "*** End Patch"'],
    [["*** Begin Patch", "*** Add File: a.txt", "no plus", "*** End Patch"], 'every line of an added file starts with "+"'],
    [["*** Begin Patch", "*** Update File: src/app.py", "*** End Patch"], "has no hunks"],
    [["*** Begin Patch", "*** Frobnicate: x", "*** End Patch"], "is not a file header"],
    [["*** Begin Patch", "*** Update File: missing.py", "@@", "-x", "+y", "*** End Patch"], "it does not exist"],
    [["*** Begin Patch", "*** Delete File: missing.txt", "*** End Patch"], "it does not exist"],
    [["*** Begin Patch", "*** Add File: ../escape.txt", "+x", "*** End Patch"], "outside the workspace"],
    [
      ["*** Begin Patch", "*** Update File: src/app.py", "@@ def nowhere():", "-x", "+y", "*** End Patch"],
      'context line "def nowhere():"',
    ],
  ])("refuses a bad patch (%#) with a clear error", async (lines, message) => {
    const result = await patch(lines);
    expect(result).toMatchObject({ isError: true, content: expect.stringContaining(message) });
    expect(existsSync(path.join(base, "escape.txt"))).toBe(false);
  });

  it("is offered to Codex runs that write, beside edit_file; Claude's tools are unchanged", () => {
    const names = (provider: "claude" | "codex", mode: "implement" | "plan") =>
      toolSpecs(toolsForMode(mode, { provider })).map((spec) => spec.name);
    expect(names("codex", "implement")).toEqual([
      "list_files",
      "read_file",
      "search_text",
      "write_file",
      "edit_file",
      "apply_patch",
      "run_command",
      "finish",
    ]);
    expect(names("claude", "implement")).toEqual([
      "list_files",
      "read_file",
      "search_text",
      "write_file",
      "edit_file",
      "run_command",
      "finish",
    ]);
    expect(names("codex", "plan")).toEqual(["list_files", "read_file", "search_text", "finish"]);
  });
});
