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
      "- The harness commits your changes, pushes the branch and opens the pull request after you finish: do not run git commit, git push or create branches yourself.",
    );
    expect(lines).toContain(
      "Call finish with a short summary of what changed and how you verified it: it becomes the pull request's description.",
    );
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

  it("puts the run's facts in the first message: date, branch and the commands the config scan found", () => {
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
