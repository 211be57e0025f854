import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { executeTool, toolsForMode, toolSpecs, type ToolContext } from ".";
import { commandHomeFor } from "./scratch";

const root = mkdtempSync(path.join(os.tmpdir(), "al-run-command-"));
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });
git("init", "-q", "-b", "main");
git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "base");
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(commandHomeFor(root), { recursive: true, force: true });
});

const context: ToolContext = { root, commandTimeoutSeconds: 5 };
const tools = toolsForMode("implement", { commandTimeoutSeconds: 5 });
const run = (name: string, input: unknown) => executeTool(tools, { name, input }, context);

describe("run_command", () => {
  it("cuts long output to ~10 KiB of head and tail, saves the whole to a readable file kept out of the diff", async () => {
    const result = await run("run_command", { command: "seq 1 20000" });
    expect(result.isError).toBe(false);
    expect(result.content.length).toBeLessThan(11_000);
    expect(result.content).toMatch(/^exit code 0\n1\n2\n3\n/);
    expect(result.content).toContain("\n20000\n");
    const note = /(\d+) of (\d+) bytes omitted\. The whole output is in (\.al-scratch\/command-[\w-]+\.log)/.exec(result.content);
    expect(note).not.toBeNull();
    expect(Number(note![2])).toBe(readFileSync(path.join(root, note![3]!)).length);
    expect(result.content).toMatch(/\| tail/);
    expect(result.content).toMatch(/grep/);

    const middle = await run("read_file", { path: note![3]!, start_line: 10_000, end_line: 10_001 });
    expect(middle.content).toBe("10000  10000\n10001  10001\n… lines 10002–20000 not shown.");
    expect(git("status", "--porcelain")).toBe("");
  });

  it("keeps short output whole and leaves no saved file behind", async () => {
    const saved = () => readdirSync(path.join(root, ".al-scratch")).length;
    const before = saved();
    const result = await run("run_command", { command: "echo hi" });
    expect(result.content).toBe("exit code 0\nhi\n");
    expect(saved()).toBe(before);
    expect(git("status", "--porcelain", "--ignored")).toBe("!! .al-scratch/\n");
  });

  it("offers no longer timeout than the run's real limit and says what to do on a timeout", async () => {
    const spec = toolSpecs(tools).find((tool) => tool.name === "run_command")!;
    const timeout = (spec.inputSchema.properties as Record<string, { maximum?: number }>).timeout_seconds!;
    expect(timeout.maximum).toBe(5);
    expect(spec.description).toContain("5 s");
    expect(await run("run_command", { command: "true", timeout_seconds: 60 })).toMatchObject({
      isError: true,
      content: expect.stringContaining("timeout_seconds"),
    });
    const slow = await run("run_command", { command: "echo started; sleep 10", timeout_seconds: 1 });
    expect(slow.isError).toBe(true);
    expect(slow.content).toContain("Timed out after 1 s (the limit is 5 s)");
    expect(slow.content).toMatch(/narrower command|background/);
    expect(slow.content).toContain("started");
  });

  it("keeps HOME and package caches outside the workspace", async () => {
    const result = await run("run_command", {
      command: [
        "mkdir -p ~/.cache/x && echo cached > ~/.cache/x/file",
        "npm config get cache",
        'echo "home=$HOME"',
        'echo "pip=$PIP_CACHE_DIR go=$GOCACHE"',
      ].join(" && "),
    });
    expect(result.isError).toBe(false);
    const home = commandHomeFor(root);
    expect(result.content).toContain(`home=${home}`);
    expect(result.content).toContain(`${home}/.npm`);
    expect(result.content).toContain(`pip=${home}/.cache/pip go=${home}/.cache/go-build`);
    expect(path.relative(root, home).startsWith("..")).toBe(true);
    expect(existsSync(path.join(home, ".cache/x/file"))).toBe(true);
    expect(git("status", "--porcelain")).toBe("");
  });

  // A pod's workspace is owned by another user than the agent's (the reason its global safe.directory exists).
  it.skipIf(process.getuid?.() !== 0)("lets git inside a command work on a workspace another user owns", async () => {
    const foreign = mkdtempSync(path.join(os.tmpdir(), "al-foreign-"));
    try {
      execFileSync("git", ["init", "-q", "-b", "main"], { cwd: foreign });
      execFileSync("chown", ["-R", "1000:1000", foreign]);
      const result = await executeTool(
        tools,
        { name: "run_command", input: { command: "git status --short --branch" } },
        { root: foreign, commandTimeoutSeconds: 5 },
      );
      expect(result).toMatchObject({ isError: false, content: "exit code 0\n## No commits yet on main\n" });
    } finally {
      rmSync(foreign, { recursive: true, force: true });
      rmSync(commandHomeFor(foreign), { recursive: true, force: true });
    }
  });
});
