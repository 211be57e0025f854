import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTasks } from "./tasks";

const root = path.resolve(import.meta.dirname, "../..");

/** `npm run eval` as a user runs it, with no provider configured, so it plays the tasks' scripts on the fakes. */
function runEval(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", "tsx", "test/eval/run.ts", ...args],
      { cwd: root, env: { ...process.env, ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "", OPENAI_BASE_URL: "" } },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** Each output line as its `name=value` pairs. */
function parseLines(stdout: string) {
  return stdout
    .trim()
    .split("\n")
    .map((line) => Object.fromEntries(line.split(" ").map((pair) => pair.split("=") as [string, string])));
}

describe("npm run eval", () => {
  it("solves a JS and a Python task on the scripted fakes, one after a failed first attempt, and prints totals", async () => {
    const { code, stdout, stderr } = await runEval(["--tasks", "js-roman,py-leap-year"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = parseLines(stdout);
    expect(lines.slice(0, 3)).toEqual([
      { eval_provider: "claude" },
      { eval_model: "claude-sonnet-4-6" },
      { eval_backend: "fake" },
    ]);

    const [roman, leap] = await loadTasks(["js-roman", "py-leap-year"]);
    const tasks = lines.filter((line) => "eval_task" in line);
    expect(tasks.map((line) => [line.eval_task, line.solved, line.ended_by, line.files_changed])).toEqual([
      ["js-roman", "true", "finish", "1"],
      ["py-leap-year", "true", "finish", "1"],
    ]);
    // One model call per scripted turn, and one more for the finish that confirms the diff review (decision 021):
    // js-roman's script runs the tests after a wrong first fix and sees them fail.
    expect(tasks.map((line) => Number(line.turns))).toEqual([roman!.script.length + 1, leap!.script.length + 1]);
    expect(roman!.script.filter((step) => step.expect === "fail")).toHaveLength(2);
    for (const line of tasks) {
      expect(Number(line.fresh_tokens)).toBeGreaterThan(0);
      expect(Number(line.cached_tokens)).toBeGreaterThan(0);
      expect(Number(line.output_tokens)).toBeGreaterThan(0);
      expect(Number(line.cost_usd)).toBeGreaterThan(0);
      expect(Number(line.wall_ms)).toBeGreaterThan(0);
    }

    const totals = Object.assign({}, ...lines.filter((line) => !("eval_task" in line)).slice(3)) as Record<string, string>;
    expect(totals.eval_tasks).toBe("2");
    expect(totals.eval_solved).toBe("2");
    const cost = tasks.reduce((sum, line) => sum + Number(line.cost_usd), 0);
    expect(Number(totals.eval_cost_usd)).toBeCloseTo(cost, 3);
    const cached = tasks.reduce((sum, line) => sum + Number(line.cached_tokens), 0);
    const prompt = cached + tasks.reduce((sum, line) => sum + Number(line.fresh_tokens), 0);
    expect(Number(totals.eval_cached_input_pct)).toBeCloseTo((100 * cached) / prompt, 1);
  }, 180_000);

  it("names an unknown task and exits non-zero", async () => {
    const { code, stderr } = await runEval(["--tasks", "no-such-task"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("No eval task named no-such-task");
  }, 60_000);

  it("ships at least twelve tasks in JavaScript and Python, each scripted to finish after a passing test run", async () => {
    const tasks = await loadTasks();
    expect(tasks.length).toBeGreaterThanOrEqual(12);
    expect(tasks.filter((task) => task.judge.startsWith("node --test")).length).toBeGreaterThanOrEqual(5);
    expect(tasks.filter((task) => task.judge.startsWith("python3 -m unittest")).length).toBeGreaterThanOrEqual(5);
    for (const task of tasks) {
      expect(task.prompt.length, task.name).toBeGreaterThan(20);
      expect(task.script.at(-1), task.name).toMatchObject({ expect: "pass", toolCalls: [{ name: "finish" }] });
    }
  });
});
