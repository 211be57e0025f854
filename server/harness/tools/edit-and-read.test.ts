import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { executeTool, toolsForMode, type ToolContext } from ".";

const root = mkdtempSync(path.join(os.tmpdir(), "al-edit-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const context: ToolContext = { root, commandTimeoutSeconds: 5 };
const run = (name: string, input: unknown) => executeTool(toolsForMode("implement"), { name, input }, context);

const source = [
  "function add(a, b) {",
  "  return a + b;",
  "}",
  "",
  "function sub(a, b) {",
  "  return a - b;",
  "}",
  "",
  "function mul(a, b) {",
  "  return a * b;",
  "}",
  "",
].join("\n");
beforeEach(() => writeFileSync(path.join(root, "math.js"), source));

describe("edit_file", () => {
  it("answers with the edited lines, numbered, and a few around them", async () => {
    const result = await run("edit_file", {
      path: "math.js",
      old_string: "  return a - b;",
      new_string: "  // minus\n  return a - b;",
    });
    expect(result).toEqual({
      content: [
        "Edited math.js (1 replacement).",
        " 3  }",
        " 4  ",
        " 5  function sub(a, b) {",
        " 6    // minus",
        " 7    return a - b;",
        " 8  }",
        " 9  ",
        "10  function mul(a, b) {",
      ].join("\n"),
    });
  });

  it("on a miss by whitespace, points at the lines that match but for it", async () => {
    const result = await run("edit_file", {
      path: "math.js",
      old_string: "function sub(a, b) {\n    return a - b;",
      new_string: "x",
    });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Lines 5–6 match it except for whitespace");
    expect(result.content).toContain("5  function sub(a, b) {\n6    return a - b;\n7  }");
    expect(readFileSync(path.join(root, "math.js"), "utf8")).toBe(source);
  });

  it("on a miss, shows the most similar lines with their numbers", async () => {
    const result = await run("edit_file", {
      path: "math.js",
      old_string: "function mul(x, y) {\n  return x * y;",
      new_string: "x",
    });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("The closest lines are 9–10");
    expect(result.content).toContain(" 9  function mul(a, b) {\n10    return a * b;");
    const far = await run("edit_file", { path: "math.js", old_string: "SELECT * FROM users WHERE id = ?", new_string: "x" });
    expect(far.content).toContain("Nothing in the file is close to it");
  });

  it("names the lines of every match when old_string is ambiguous", async () => {
    const result = await run("edit_file", { path: "math.js", old_string: "(a, b) {", new_string: "(x, y) {" });
    expect(result).toMatchObject({
      isError: true,
      content: expect.stringContaining("occurs 3 times in math.js (at lines 1, 5, 9)"),
    });
  });
});

describe("read_file", () => {
  it("cuts very long lines and says so", async () => {
    writeFileSync(path.join(root, "bundle.min.js"), `short\n${"y".repeat(10_000)}\nend\n`);
    const result = await run("read_file", { path: "bundle.min.js" });
    const lines = result.content.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`2  ${"y".repeat(2_000)} … [line cut: 8000 more characters]`);
    expect(lines[2]).toBe("3  end");
  });

  it("caps what one call returns and says how to read on", async () => {
    writeFileSync(
      path.join(root, "big.txt"),
      Array.from({ length: 1_500 }, (_, index) => `${index + 1} ${"z".repeat(80)}`).join("\n"),
    );
    const result = await run("read_file", { path: "big.txt" });
    expect(result.content.length).toBeLessThanOrEqual(40_200);
    const shown = result.content.split("\n").length - 1;
    expect(shown).toBeGreaterThan(400);
    expect(result.content).toMatch(
      new RegExp(`… output capped at 40 KB; lines ${shown + 1}–1500 not shown: use start_line/end_line`),
    );
    const next = await run("read_file", { path: "big.txt", start_line: shown + 1, end_line: shown + 1 });
    expect(next.content).toBe(`${shown + 1}  ${shown + 1} ${"z".repeat(80)}\n… lines ${shown + 2}–1500 not shown.`);
  });
});
