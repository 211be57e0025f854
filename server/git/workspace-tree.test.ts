import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatTree, workspaceTree } from "./workspace-tree";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function repoWith(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "al-tree-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

describe("the workspace tree of the first message", () => {
  it("lists what git would deliver, two levels deep, folders first: tracked and new files, not ignored ones", async () => {
    const dir = repoWith({
      ".gitignore": "node_modules/\n*.log\n",
      "README.md": "# app",
      "package.json": "{}",
      "src/index.ts": "",
      "src/lib/sum.ts": "",
      "src/lib/deep/more.ts": "",
      "test/sum.test.ts": "",
      "node_modules/left-pad/index.js": "",
      "debug.log": "",
    });
    execFileSync("git", ["add", "README.md", "src"], { cwd: dir });
    expect((await workspaceTree(dir)).split("\n")).toEqual([
      "src/",
      "  lib/",
      "  index.ts",
      "test/",
      "  sum.test.ts",
      ".gitignore",
      "README.md",
      "package.json",
    ]);
  });

  it("cuts a long folder and a long tree with a count of what it left out", () => {
    const many = Array.from({ length: 20 }, (_, index) => `src/file-${String(index).padStart(2, "0")}.ts`);
    const lines = formatTree(many).split("\n");
    expect(lines[0]).toBe("src/");
    expect(lines).toHaveLength(1 + 15 + 1);
    expect(lines.at(-1)).toBe("  … 5 more");

    const wide = Array.from({ length: 200 }, (_, index) => `f${String(index).padStart(3, "0")}.txt`);
    const cut = formatTree(wide).split("\n");
    expect(cut).toHaveLength(121);
    expect(cut.at(-1)).toBe("… 80 more lines (list_files shows them)");
  });
});
