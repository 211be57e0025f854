import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runGit } from "./run-git";
import { workspaceDiff } from "./workspace-diff";
import { createLocalWorkspace } from "./local-workspace";

let root: string;
let bin: string;
let calls: string;
const realPath = process.env.PATH;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "al-workspaces-"));
  // A `git` first on PATH that logs each call and runs the real one: counts the spawns.
  bin = mkdtempSync(path.join(os.tmpdir(), "al-git-log-"));
  calls = path.join(bin, "calls.log");
  const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
  writeFileSync(path.join(bin, "git"), `#!/bin/sh\necho "$1" >> ${calls}\nexec ${realGit} "$@"\n`);
  chmodSync(path.join(bin, "git"), 0o755);
});

afterEach(() => {
  process.env.PATH = realPath;
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(bin, { recursive: true, force: true });
});

/** The git subcommands `action` spawned. */
async function gitCalls(action: () => Promise<unknown>) {
  writeFileSync(calls, "");
  process.env.PATH = `${bin}:${realPath}`;
  try {
    await action();
  } finally {
    process.env.PATH = realPath;
  }
  return readFileSync(calls, "utf8").split("\n").filter(Boolean);
}

describe("a local workspace without a repository", () => {
  it("is a repository of its own on main, with the agent's identity and one base commit", async () => {
    const first = await createLocalWorkspace({ root, runId: 1, keep: false });
    const second = await createLocalWorkspace({ root, runId: 2, keep: false });
    for (const workspace of [first, second]) {
      expect(await runGit(workspace.dir, ["rev-parse", "--show-toplevel"])).toBe(`${workspace.dir}\n`);
      expect((await runGit(workspace.dir, ["rev-parse", "HEAD"])).trim()).toBe(workspace.baseRef);
      expect(await runGit(workspace.dir, ["log", "--format=%an <%ae> %s"])).toBe(
        "Assembly Lime <agent@assembly-lime.local> Workspace base\n",
      );
      expect(await runGit(workspace.dir, ["branch", "--show-current"])).toBe("main\n");
      expect(await runGit(workspace.dir, ["status", "--porcelain"])).toBe("");
      await runGit(workspace.dir, ["fsck", "--strict"]);
    }
    // A commit in one is not in the other.
    writeFileSync(path.join(first.dir, "a.txt"), "a\n");
    await runGit(first.dir, ["add", "-A"]);
    await runGit(first.dir, ["commit", "-q", "-m", "Add a"]);
    expect(await runGit(second.dir, ["log", "--format=%s"])).toBe("Workspace base\n");
    expect(existsSync(path.join(second.dir, "a.txt"))).toBe(false);
    await first.cleanup();
    await second.cleanup();
    expect(existsSync(first.dir)).toBe(false);
  });

  it("spawns no git after the first workspace of the process", async () => {
    await createLocalWorkspace({ root, runId: 3, keep: false });
    expect(await gitCalls(() => createLocalWorkspace({ root, runId: 4, keep: false }))).toEqual([]);
  });
});

describe("a workspace's diff", () => {
  it("is empty for an unchanged work tree, for one git command", async () => {
    const workspace = await createLocalWorkspace({ root, runId: 5, keep: false });
    let files: Awaited<ReturnType<typeof workspaceDiff>> = [];
    expect(await gitCalls(async () => (files = await workspaceDiff(workspace.dir, workspace.baseRef)))).toEqual(["status"]);
    expect(files).toEqual([]);
  });

  it("lists new, changed and committed files against the base", async () => {
    const workspace = await createLocalWorkspace({ root, runId: 6, keep: false });
    writeFileSync(path.join(workspace.dir, "new.txt"), "new\n");
    expect((await workspaceDiff(workspace.dir, workspace.baseRef)).map((file) => [file.filePath, file.changeType])).toEqual([
      ["new.txt", "added"],
    ]);
    // The agent commits it: the tree is clean, but HEAD has moved on from the base.
    await runGit(workspace.dir, ["add", "-A"]);
    await runGit(workspace.dir, ["commit", "-q", "-m", "Add new"]);
    expect(await runGit(workspace.dir, ["status", "--porcelain"])).toBe("");
    const committed = await workspaceDiff(workspace.dir, workspace.baseRef);
    expect(committed.map((file) => [file.filePath, file.changeType, file.additions])).toEqual([["new.txt", "added", 1]]);
    expect(committed[0]!.diff).toContain("+new");
    // Against HEAD nothing changed; then a modification of a tracked file.
    expect(await workspaceDiff(workspace.dir)).toEqual([]);
    writeFileSync(path.join(workspace.dir, "new.txt"), "newer\n");
    expect((await workspaceDiff(workspace.dir)).map((file) => [file.filePath, file.changeType])).toEqual([
      ["new.txt", "modified"],
    ]);
  });
});
