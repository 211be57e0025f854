import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AgentProvider } from "../../db/schema";
import { costMicroUsd, contextBudget, maxOutputTokens, modelInfo } from "../../server/models/catalog";
import { createLocalWorkspace } from "../../server/git/local-workspace";
import { runLimitsOf } from "../../server/harness/limits";
import { LoopError, runAgentLoop } from "../../server/harness/loop";
import { buildSystemPrompt, buildTaskMessage, detectedCommands } from "../../server/harness/prompts";
import { commandEnvironment, runCommand } from "../../server/harness/tools/run-command";
import { commandHomeFor } from "../../server/harness/tools/scratch";
import { toolsForMode } from "../../server/harness/tools";
import type { ModelClient, Usage } from "../../server/models/types";
import type { Env } from "../../server/env.server";
import { configureIdentity } from "../../server/git/pipeline";
import { runGit } from "../../server/git/run-git";
import { workspaceDiff } from "../../server/git/workspace-diff";
import { detectConfig } from "../../server/services/repositories/detect-config";
import type { EvalTask } from "./tasks";

export type TaskResult = {
  name: string;
  solved: boolean;
  /** Model calls the loop made (tool round trips, and any retried empty answer). */
  turns: number;
  /** Prompt tokens not read from a cache: full-price input plus cache writes. */
  freshTokens: number;
  cachedTokens: number;
  outputTokens: number;
  costUsd: number;
  wallMs: number;
  filesChanged: number;
  /** How the loop ended: finish, a limit (`limit:turns`, `limit:no_finish`…) or a refusal (the work is judged all the same). */
  endedBy: "finish" | `limit:${string}` | "refused";
};

const JUDGE_TIMEOUT_MS = 120_000;

/**
 * One task through the pipeline a local run uses: the project committed to a git repository
 * of its own, a workspace cloned from it on the run's branch, the run's system prompt and
 * first message, the agent loop with the mode's tools, and the diff. Then the hidden tests
 * are copied in and run: exit code 0 is solved. Throws only for a harness error (a model
 * call that failed, a broken task); an unsolved task is a result.
 */
export async function runTask(options: {
  task: EvalTask;
  index: number;
  provider: AgentProvider;
  model: string;
  client: ModelClient;
  env: Env;
  /** Put before the task text: the fake model's script marker, or nothing. */
  promptPrefix: string;
}): Promise<TaskResult> {
  const { task, env, model } = options;
  const scratch = await mkdtemp(path.join(os.tmpdir(), `al-eval-${task.name}-`));
  const started = performance.now();
  const usages: Usage[] = [];
  try {
    const origin = await commitProject(task, path.join(scratch, "origin"));
    const branch = `al/${task.mode}/eval-${task.name}`;
    const workspace = await createLocalWorkspace({
      root: path.join(scratch, "workspaces"),
      runId: options.index,
      keep: false,
      source: { cloneUrl: pathToFileURL(origin).href, checkout: "main", branch, token: "eval-no-token" },
    });
    try {
      const taskText = buildTaskMessage({
        prompt: `${options.promptPrefix}${task.prompt}`,
        facts: { date: new Date().toISOString().slice(0, 10), branch, commands: await projectCommands(workspace.dir) },
      });
      let endedBy: TaskResult["endedBy"] = "refused";
      try {
        const result = await runAgentLoop({
          client: options.client,
          model,
          system: buildSystemPrompt({ provider: options.provider, mode: task.mode, layers: [] }),
          task: { role: "user", content: [{ type: "text", text: taskText }] },
          tools: toolsForMode(task.mode, {
            provider: options.provider,
            commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS,
          }),
          toolContext: { root: workspace.dir, commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS },
          limits: runLimitsOf(
            { maxTurns: null, maxCostMicroUsd: null, maxSeconds: null, startedAt: new Date() },
            env,
            modelInfo(model) ?? null,
          ),
          contextBudget: contextBudget(model, env.AGENT_CONTEXT_BUDGET_TOKENS),
          maxOutputTokens: maxOutputTokens(model),
          emit: async (event) => {
            if (event.type === "usage" && event.purpose === "turn") usages.push(event);
          },
        });
        endedBy = result.endedBy === "finish" ? "finish" : `limit:${result.stop.reason}`;
      } catch (error) {
        // Out of turns (or a refusal) is the model's failure, not the harness's: judge what it left.
        if (!(error instanceof LoopError)) throw error;
      }
      const files = await workspaceDiff(workspace.dir, workspace.baseRef);
      const solved = await judge(task, workspace.dir);
      return { name: task.name, solved, ...tally(model, usages), wallMs: elapsed(started), filesChanged: files.length, endedBy };
    } finally {
      await workspace.cleanup();
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A task is only worth scoring when it starts unsolved: its visible test and its hidden
 * tests must both fail on the untouched project. Throws when either passes.
 */
export async function assertTaskStartsUnsolved(task: EvalTask) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `al-eval-check-${task.name}-`));
  try {
    await cp(task.repoDir, dir, { recursive: true });
    if ((await runInProject(task.test, dir)).exitCode === 0)
      throw new Error(`Task ${task.name}: its visible test already passes before the run ("${task.test}").`);
    if (await judge(task, dir)) throw new Error(`Task ${task.name}: its hidden tests already pass before the run.`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function commitProject(task: EvalTask, dir: string) {
  await mkdir(dir, { recursive: true });
  await cp(task.repoDir, dir, { recursive: true });
  await runGit(dir, ["init", "-q", "-b", "main"]);
  await configureIdentity(dir, "Eval", "eval@assembly-lime.local");
  await runGit(dir, ["add", "-A"]);
  await runGit(dir, ["commit", "-q", "-m", `Task ${task.name}`]);
  return dir;
}

/** The commands the first message lists, detected from the project's config files as a repository scan does. */
async function projectCommands(dir: string) {
  const names = await readdir(dir);
  const configs = [];
  for (const [file, kind] of [
    ["package.json", "node"],
    ["Makefile", "make"],
  ] as const) {
    if (!names.includes(file)) continue;
    configs.push({ path: file, kind, detected: detectConfig(kind, await readFile(path.join(dir, file), "utf8")) });
  }
  return detectedCommands(configs);
}

async function judge(task: EvalTask, dir: string) {
  await cp(task.hiddenDir, dir, { recursive: true, force: true });
  return (await runInProject(task.judge, dir)).exitCode === 0;
}

/** A command in the project with the environment the agent's own commands get (no secrets, own HOME). */
async function runInProject(command: string, dir: string) {
  const home = commandHomeFor(dir);
  await mkdir(home, { recursive: true });
  try {
    return await runCommand({ command, cwd: dir, timeoutMs: JUDGE_TIMEOUT_MS, env: commandEnvironment(home) });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function tally(model: string, usages: Usage[]) {
  const price = modelInfo(model);
  const sum = (pick: (usage: Usage) => number) => usages.reduce((total, usage) => total + pick(usage), 0);
  return {
    turns: usages.length,
    freshTokens: sum((usage) => usage.inputTokens + (usage.cacheWriteTokens ?? 0)),
    cachedTokens: sum((usage) => usage.cacheReadTokens ?? 0),
    outputTokens: sum((usage) => usage.outputTokens),
    costUsd: price ? sum((usage) => costMicroUsd(price, usage)) / 1_000_000 : 0,
  };
}

function elapsed(started: number) {
  return Math.round(performance.now() - started);
}
