import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const TASKS_DIR = path.join(import.meta.dirname, "tasks");

const TaskConfig = z.object({
  mode: z.enum(["bugfix", "implement"]),
  /** The repository's own test command: it must fail before the run (the task is a real one). */
  test: z.string().min(1),
  /** Runs the hidden tests once they are copied in; exit code 0 means solved. */
  judge: z.string().min(1),
});

/**
 * One turn of the scripted model. `expect` is what the model saw from the previous turn's
 * run_command: the fake refuses the request when the test run did not come out that way, so a
 * script can only "solve" a task when the real tools really ran its edits and tests.
 */
const ScriptStep = z.object({
  expect: z.enum(["pass", "fail"]).optional(),
  text: z.string().optional(),
  toolCalls: z.array(z.object({ name: z.string(), input: z.record(z.string(), z.unknown()) })).min(1),
});
export type ScriptStep = z.infer<typeof ScriptStep>;

export type EvalTask = z.infer<typeof TaskConfig> & {
  name: string;
  /** The tiny project the agent works in, with its visible failing test. */
  repoDir: string;
  /** Files copied over the work tree after the run; never seen by the agent. */
  hiddenDir: string;
  /** task.md: the text the agent is given. */
  prompt: string;
  /** How the scripted fake model solves it (used only without a configured provider). */
  script: ScriptStep[];
};

/** The suite's tasks, by folder name; `names` picks some, in that order. */
export async function loadTasks(names?: string[]): Promise<EvalTask[]> {
  const entries = await readdir(TASKS_DIR, { withFileTypes: true });
  const all = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const unknown = names?.filter((name) => !all.includes(name)) ?? [];
  if (unknown.length) throw new Error(`No eval task named ${unknown.join(", ")} (known: ${all.join(", ")}).`);
  return Promise.all((names ?? all).map(loadTask));
}

async function loadTask(name: string): Promise<EvalTask> {
  const dir = path.join(TASKS_DIR, name);
  const read = (file: string) => readFile(path.join(dir, file), "utf8");
  const parse = <T>(schema: z.ZodType<T>, file: string, text: string) => {
    const parsed = schema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${name}/${file}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  };
  const [config, prompt, script] = await Promise.all([read("task.json"), read("task.md"), read("script.json")]);
  return {
    name,
    ...parse(TaskConfig, "task.json", config),
    repoDir: path.join(dir, "repo"),
    hiddenDir: path.join(dir, "hidden"),
    prompt: prompt.trim(),
    script: parse(z.array(ScriptStep).min(1), "script.json", script),
  };
}
