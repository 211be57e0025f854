import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runGit } from "../../git/run-git";
import { executeTool, toolsForMode, type ToolContext } from ".";
import { REVIEW_PATCH_CHARS } from "./finish-after-review";

let root: string;
let context: ToolContext;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "al-review-"));
  await runGit(root, ["init", "--quiet", "--initial-branch=main"]);
  await writeFile(path.join(root, "app.js"), "export const answer = 41;\n");
  await runGit(root, ["add", "-A"]);
  await runGit(root, ["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "base"]);
  const baseRef = (await runGit(root, ["rev-parse", "HEAD"])).trim();
  context = { root, baseRef, commandTimeoutSeconds: 5 };
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("finish in a run that opens a pull request", () => {
  it("first shows the diff to be delivered and keeps the run going; the next finish ends it", async () => {
    await writeFile(path.join(root, "app.js"), "export const answer = 42;\n");
    await writeFile(path.join(root, "debug.log"), "left over\n");
    const tools = toolsForMode("bugfix");

    const first = await executeTool(tools, { name: "finish", input: { summary: "Fixed the answer." } }, context);
    expect(first.finished).toBeUndefined();
    expect(first.content.split("\n").slice(0, 3)).toEqual([
      "Not finished yet. Review the change the harness will commit and open the pull request with (2 files):",
      "- app.js (modified, +1 −1)",
      "- debug.log (added, +1 −0)",
    ]);
    expect(first.content).toContain("-export const answer = 41;\n+export const answer = 42;");
    expect(first.content).toContain("no scratch files, logs, caches or debugging code");
    expect(first.content).toMatch(/call finish again .* to end the run\. Otherwise fix what is wrong first\.$/);

    const second = await executeTool(tools, { name: "finish", input: { summary: "Fixed the answer." } }, context);
    expect(second).toEqual({ content: "Finished.", finished: { summary: "Fixed the answer." } });
  });

  it("caps the patch it shows, saying how much more there is; the file list stays whole", async () => {
    await writeFile(path.join(root, "big.txt"), `${"a line of text\n".repeat(2_000)}`);
    const first = await executeTool(toolsForMode("implement"), { name: "finish", input: { summary: "Big." } }, context);
    expect(first.content).toContain("- big.txt (added, +2000 −0)");
    expect(first.content).toMatch(/… \(\d+ more characters; read the files or run git diff to see the rest\)/);
    expect(first.content.length).toBeLessThan(REVIEW_PATCH_CHARS + 1_000);
  });

  it("ends at once when nothing changed, and in plan and review runs, which deliver no diff", async () => {
    const unchanged = await executeTool(
      toolsForMode("implement"),
      { name: "finish", input: { summary: "Nothing to do." } },
      context,
    );
    expect(unchanged.finished).toEqual({ summary: "Nothing to do." });

    await writeFile(path.join(root, "notes.md"), "a plan\n");
    for (const mode of ["plan", "review"] as const) {
      const outcome = await executeTool(toolsForMode(mode), { name: "finish", input: { summary: "The plan." } }, context);
      expect(outcome.finished).toEqual({ summary: "The plan." });
    }
  });

  it("reviews against the commit the run started from, so a commit the agent made itself is still shown", async () => {
    await writeFile(path.join(root, "app.js"), "export const answer = 43;\n");
    await runGit(root, ["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-am", "agent commit"]);
    const first = await executeTool(toolsForMode("implement"), { name: "finish", input: { summary: "Done." } }, context);
    expect(first.content).toContain("- app.js (modified, +1 −1)");
  });
});
