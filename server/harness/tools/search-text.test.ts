import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { executeTool, toolsForMode, type ToolContext } from ".";

const base = mkdtempSync(path.join(os.tmpdir(), "al-search-"));
const root = path.join(base, "repo");
const write = (file: string, content: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
};
write(".gitignore", "node_modules/\n*.log\n");
write("src/app.ts", "export const needle = 1;\nconst other = 2;\n");
write("src/app.test.ts", "import { needle } from './app';\n");
write("README.md", "Find the needle here.\n");
write("node_modules/pkg/index.js", "module.exports.needle = true;\n");
write("debug.log", "needle in a log\n");
execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
execFileSync("git", ["add", ".gitignore", "src/app.ts", "README.md"], { cwd: root });
// Not added: untracked but not ignored, so it is searched.
write("src/new.ts", "let needle = 'untracked';\n");
write("src/long.ts", `const needleLong = "${"x".repeat(5_000)}";\n`);
write("src/many.ts", Array.from({ length: 150 }, (_, index) => `const needle${index} = ${index};`).join("\n"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const context: ToolContext = { root, commandTimeoutSeconds: 5 };
const search = (input: Record<string, unknown>) => executeTool(toolsForMode("plan"), { name: "search_text", input }, context);

describe("search_text", () => {
  it("searches tracked and untracked files, and skips what .gitignore ignores", async () => {
    const result = await search({ pattern: "needle", files_with_matches: true });
    expect(result.content.split("\n").sort()).toEqual([
      "README.md",
      "src/app.test.ts",
      "src/app.ts",
      "src/long.ts",
      "src/many.ts",
      "src/new.ts",
    ]);
  });

  it("filters by glob, at any depth or under a folder", async () => {
    const ts = await search({ pattern: "needle", glob: "*.test.ts" });
    expect(ts.content).toBe("src/app.test.ts:1: import { needle } from './app';");
    const under = await search({ pattern: "needle", path: "src", glob: "new.*" });
    expect(under.content).toBe("src/new.ts:1: let needle = 'untracked';");
    expect((await search({ pattern: "needle", glob: "*.md" })).content).toBe("README.md:1: Find the needle here.");
  });

  it("matches literally by default, and as a regular expression when asked", async () => {
    expect((await search({ pattern: "needle = 1;" })).content).toBe("src/app.ts:1: export const needle = 1;");
    expect((await search({ pattern: "needle\\d+ = 14\\b", regex: true })).content).toBe("src/many.ts:15: const needle14 = 14;");
    expect((await search({ pattern: "NEEDLE = 1", ignore_case: true })).content).toBe("src/app.ts:1: export const needle = 1;");
    expect(await search({ pattern: "(", regex: true })).toMatchObject({
      isError: true,
      content: expect.stringContaining("Search failed"),
    });
    expect((await search({ pattern: "no such text anywhere" })).content).toBe("No matches.");
  });

  it("caps the matches with a note and cuts long lines", async () => {
    const result = await search({ pattern: "needle" });
    const lines = result.content.split("\n");
    expect(lines).toHaveLength(101);
    expect(lines[100]).toMatch(/^… 15\d matches, 100 shown; narrow with path or glob/);
    const long = await search({ pattern: "needleLong" });
    expect(long.content.length).toBeLessThan(300);
    expect(long.content).toMatch(/^src\/long\.ts:1: const needleLong = "x+ … \[line cut\]$/);
  });

  it("works in a folder that is not a git repository", async () => {
    const plain = path.join(base, "plain");
    mkdirSync(plain);
    writeFileSync(path.join(plain, "a.txt"), "needle\n");
    const result = await executeTool(
      toolsForMode("plan"),
      { name: "search_text", input: { pattern: "needle" } },
      { root: plain, commandTimeoutSeconds: 5 },
    );
    expect(result.content).toBe("a.txt:1: needle");
  });
});
