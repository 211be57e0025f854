import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { executeTool, toolsForMode, toolSpecs, type ToolContext } from ".";
import { resolveInWorkspace } from "./workspace-path";

const base = mkdtempSync(path.join(os.tmpdir(), "al-tools-"));
const root = path.join(base, "workspace");
const outside = path.join(base, "outside");
mkdirSync(path.join(root, "src"), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(outside, "secret.txt"), "top secret\n");
writeFileSync(path.join(root, "src", "app.ts"), "export const greeting = 'hello';\nexport const answer = 41;\n");
symlinkSync(outside, path.join(root, "escape-dir"));
symlinkSync(path.join(outside, "secret.txt"), path.join(root, "escape-file"));
symlinkSync(path.join(outside, "not-yet.txt"), path.join(root, "dangling"));
symlinkSync(path.join(root, "src"), path.join(root, "inner-link"));

afterAll(() => rmSync(base, { recursive: true, force: true }));

const context: ToolContext = { root, commandTimeoutSeconds: 5 };
const writeTools = toolsForMode("implement");
const run = (name: string, input: unknown) => executeTool(writeTools, { name, input }, context);

describe("workspace paths", () => {
  it.each([
    ["../outside/secret.txt", /outside the workspace/],
    ["src/../../outside/secret.txt", /outside the workspace/],
    [path.join(outside, "secret.txt"), /absolute/],
    ["escape-dir/secret.txt", /symlink/],
    ["escape-file", /symlink/],
    ["escape-dir/new-file.txt", /symlink/],
    ["dangling", /points nowhere/],
    ["", /required/],
  ])("refuses %s", (requested, message) => {
    expect(() => resolveInWorkspace(root, requested)).toThrow(message);
  });

  it("allows paths inside, including symlinks that stay inside and files not created yet", () => {
    expect(resolveInWorkspace(root, "src/app.ts")).toMatch(/workspace\/src\/app\.ts$/);
    expect(resolveInWorkspace(root, "inner-link/app.ts")).toMatch(/workspace\/src\/app\.ts$/);
    expect(resolveInWorkspace(root, "new/deep/file.ts")).toMatch(/workspace\/new\/deep\/file\.ts$/);
  });

  it("tools report an escape to the model as an error and touch nothing outside", async () => {
    const read = await run("read_file", { path: "escape-file" });
    expect(read).toMatchObject({ isError: true });
    expect(read.content).not.toContain("top secret");
    const write = await run("write_file", { path: "../outside/pwned.txt", content: "x" });
    expect(write).toMatchObject({ isError: true, content: expect.stringContaining("outside the workspace") });
    const viaDangling = await run("write_file", { path: "dangling", content: "x" });
    expect(viaDangling.isError).toBe(true);
    expect(() => readFileSync(path.join(outside, "not-yet.txt"))).toThrow();
  });
});

describe("tools", () => {
  it("reads with line numbers and ranges", async () => {
    const result = await run("read_file", { path: "src/app.ts", start_line: 2, end_line: 2 });
    expect(result.content).toBe("2  export const answer = 41;");
  });

  it("edits by exact replacement and refuses ambiguous or missing text", async () => {
    expect(await run("edit_file", { path: "src/app.ts", old_string: "answer = 41", new_string: "answer = 42" })).toMatchObject({
      content: expect.stringMatching(/^Edited src\/app\.ts \(1 replacement\)\./),
    });
    expect(readFileSync(path.join(root, "src/app.ts"), "utf8")).toContain("answer = 42");
    expect(await run("edit_file", { path: "src/app.ts", old_string: "nope", new_string: "x" })).toMatchObject({ isError: true });
    expect(await run("edit_file", { path: "src/app.ts", old_string: "export const", new_string: "const" })).toMatchObject({
      isError: true,
      content: expect.stringContaining("occurs 2 times"),
    });
  });

  it("searches, lists and writes", async () => {
    expect((await run("search_text", { pattern: "greeting" })).content).toBe("src/app.ts:1: export const greeting = 'hello';");
    await run("write_file", { path: "docs/notes.md", content: "# Notes\n" });
    const listing = await run("list_files", { path: ".", depth: 2 });
    expect(listing.content.split("\n")).toEqual(expect.arrayContaining(["docs/", "docs/notes.md", "src/", "src/app.ts"]));
  });

  it("runs commands in the workspace with a clean environment, a time limit and capped output", async () => {
    process.env.SECRET_FOR_TEST = "do-not-leak";
    const result = await run("run_command", { command: 'pwd; echo "secret=${SECRET_FOR_TEST:-none}"; exit 3' });
    expect(result.content).toContain(`exit code 3`);
    expect(result.content).toContain("secret=none");
    expect(result.content).toContain(path.basename(root));
    expect(result.isError).toBe(true);
    const slow = await run("run_command", { command: "sleep 10", timeout_seconds: 1 });
    expect(slow).toMatchObject({ isError: true, content: expect.stringContaining("Timed out after 1 s") });
    const big = await run("run_command", { command: "head -c 100000 /dev/zero | tr '\\0' 'a'" });
    expect(big.content.length).toBeLessThan(11_000);
    expect(big.content).toContain("bytes omitted");
  });

  it("returns invalid arguments and unknown tools to the model as errors", async () => {
    expect(await executeTool(writeTools, { name: "read_file", input: undefined, invalidInput: "{oops" }, context)).toMatchObject({
      isError: true,
      content: expect.stringContaining("not valid JSON"),
    });
    expect(await run("read_file", { path: 42 })).toMatchObject({ isError: true, content: expect.stringContaining("path") });
    expect(await run("rm_rf", {})).toMatchObject({ isError: true, content: expect.stringContaining("Unknown tool") });
  });

  it("gives plan and review only read tools", () => {
    const names = toolSpecs(toolsForMode("plan")).map((spec) => spec.name);
    expect(names).toEqual(["list_files", "read_file", "search_text", "finish"]);
    expect(toolSpecs(toolsForMode("bugfix")).map((spec) => spec.name)).toContain("edit_file");
  });
});
