import { describe, expect, it } from "vitest";
import { buildSystemPrompt, buildTaskMessage, detectedCommands, MODE_PROMPTS, WORKING_RULES } from "./prompts";

describe("the operating prompt", () => {
  it("is the preamble, the mode's workflow and the harness contract, line for line, and the same for every run", () => {
    const prompt = buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] });
    const lines = prompt.split("\n");
    expect(lines[2]).toBe(
      "Mode: IMPLEMENT. Make the change the task asks for, completely, in the style of the surrounding code.",
    );
    expect(lines).toContain(
      "- Each run_command starts a fresh shell in the workspace root: `cd`, exported variables and background jobs do not carry over to the next call. Chain steps in one command (`cd app && npm test`).",
    );
    expect(lines).toContain(
      "- The harness commits your changes, pushes the branch and opens the pull request after you finish: do not run git commit, git push or create branches yourself, and do not rewrite history (no reset, rebase or checkout of other branches). git status and git diff are fine.",
    );
    expect(lines).toContain(
      "Call finish with a short summary of what changed and how you verified it: it becomes the pull request's description. The first finish shows you the diff to be delivered for a last review; call finish again to end the run.",
    );
    expect(lines).toContain(
      "- Everything left in the workspace ends up in the pull request. Keep scratch files (notes, logs, experiments) in `.al-scratch/`, which is never delivered, and delete any other temporary file before you finish.",
    );
    expect(lines).toContain(
      "- Call independent tools together in one turn (read several files at once, search for several names); they run concurrently. Read the parts of a file you need rather than whole large files.",
    );
    expect(lines).toContain(
      "- When a command or an edit fails the same way twice, stop and rethink: read the error, the code and the docs again rather than retrying the same thing. After three different approaches fail, finish and report what you tried and what you learned.",
    );
    expect(lines).toContain(
      "- You may install the project's own dependencies with its package manager (npm ci, pip install -r …) when a command needs them; do not add new dependencies unless the task asks for it, and never install anything globally or with sudo.",
    );
    expect(lines.slice(2, 10)).toEqual([
      "Mode: IMPLEMENT. Make the change the task asks for, completely, in the style of the surrounding code.",
      "Workflow:",
      "1. Explore: find and read the code involved and its tests before you change anything. Note the project's conventions (naming, error handling, test style).",
      "2. Change it: the smallest complete change that does what the task asks. Prefer edit_file for small changes; write whole files only when they are new or mostly rewritten.",
      "3. Verify: run the narrowest relevant tests first, then the project's test, build or lint commands (the first message lists what was detected). Add or update tests for the behaviour you added when the project has tests.",
      "4. Fix what you broke, and run the checks again until they pass or you know why they cannot.",
      "5. Review your own change: re-read every file you touched (git diff) and remove debug output, commented-out code and unrelated edits.",
      "Call finish with a short summary of what changed and how you verified it: it becomes the pull request's description. The first finish shows you the diff to be delivered for a last review; call finish again to end the run.",
    ]);
    expect(prompt).toBe(
      [
        "You are Claude, working as a software engineer inside Assembly Lime. You operate on a checked-out repository through tools; you cannot see the screen or ask questions mid-run.",
        MODE_PROMPTS.implement,
        WORKING_RULES,
      ].join("\n\n"),
    );
    // Nothing that changes from run to run (a date, a branch) is in it, so its prefix caches.
    expect(buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] })).toBe(prompt);
    expect(prompt).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    for (const mode of ["plan", "implement", "bugfix", "review"] as const)
      expect(MODE_PROMPTS[mode].split("\n")[0]).toMatch(new RegExp(`^Mode: ${mode.toUpperCase()}\\. `));
  });

  it("puts the run's facts in the first message: date, branch, the commands the config scan found and the tree", () => {
    const text = buildTaskMessage({
      prompt: "Fix the sum [[script:x]]",
      ticket: { key: "ABC-1", title: "Sum is wrong", descriptionMd: null },
      facts: { date: "2026-12-02", branch: "al/implement/7", commands: ["npm test", "npm run lint"] },
    });
    expect(text.split("\n")).toEqual([
      "Ticket ABC-1: Sum is wrong",
      "",
      "Fix the sum [[script:x]]",
      "",
      "About this workspace:",
      "- Today is 2026-12-02.",
      "- Your changes go to the branch al/implement/7.",
      "- Commands detected in the repository's config: `npm test`, `npm run lint`.",
    ]);
    expect(
      buildTaskMessage({
        prompt: "Look",
        facts: { date: "2026-12-02", branch: null, commands: ["npm test"], tree: "src/\n  index.ts\nREADME.md" },
      }).split("\n"),
    ).toEqual([
      "Look",
      "",
      "About this workspace:",
      "- Today is 2026-12-02.",
      "- Commands detected in the repository's config: `npm test`.",
      "- Files and folders, two levels deep:",
      "  src/",
      "    index.ts",
      "  README.md",
    ]);
    expect(buildTaskMessage({ prompt: "Look", facts: { date: "2026-12-02", branch: null, commands: [] } }).split("\n")).toEqual([
      "Look",
      "",
      "About this workspace:",
      "- Today is 2026-12-02.",
      "- No test, build or lint command was detected; look for one (README, Makefile, package.json) before you verify.",
    ]);
  });

  it("names test, build, lint and typecheck commands from package.json scripts and Makefile targets", () => {
    expect(
      detectedCommands([
        { path: "package.json", kind: "node", detected: { scripts: { test: "vitest", lint: "eslint .", dev: "vite" } } },
        { path: "web/package.json", kind: "node", detected: { scripts: { build: "remix build", typecheck: "tsc" } } },
        { path: "Makefile", kind: "make", detected: { targets: ["all", "test", "clean"] } },
        { path: "Dockerfile", kind: "docker", detected: { baseImages: ["node:20"] } },
      ]),
    ).toEqual(["npm test", "npm run lint", "cd web && npm run build", "cd web && npm run typecheck", "make test"]);
  });
});
