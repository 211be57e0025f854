import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_MODEL } from "../../server/models/catalog";
import { createModelClient, providerConfigured } from "../../server/models/providers";
import { getEnv } from "../../server/env.server";
import { scriptMarker, startFakeModel } from "./fake-model";
import { errorLine, taskLine, totalLines } from "./report";
import { assertTaskStartsUnsolved, runTask, type TaskResult } from "./run-task";
import { loadTasks } from "./tasks";

/**
 * npm run eval — the task suite in test/eval/tasks through the agent pipeline, against the
 * provider this server is configured for (ANTHROPIC_API_KEY, OPENAI_API_KEY or
 * OPENAI_BASE_URL), or, with none, against the fake model APIs playing each task's script.
 * Prints one `eval_task=…` line per task and the totals; exits non-zero only when the
 * harness could not run a task, never because one was left unsolved.
 *
 *   npm run eval -- [--provider claude|codex] [--model NAME] [--tasks js-roman,py-median]
 */
const Args = z.object({
  provider: z.enum(["claude", "codex"]).optional(),
  model: z.string().min(1).optional(),
  tasks: z
    .string()
    .optional()
    .transform((list) =>
      list
        ?.split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
});

const USAGE = "usage: npm run eval -- [--provider claude|codex] [--model NAME] [--tasks NAME,NAME]";

async function main() {
  const parsed = Args.safeParse(
    parseArgs({ options: { provider: { type: "string" }, model: { type: "string" }, tasks: { type: "string" } } }).values,
  );
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n${USAGE}`);
  const args = parsed.data;
  const configured = getEnv();
  // Claude, unless only Codex is configured.
  const onlyCodex = !providerConfigured(configured, "claude") && providerConfigured(configured, "codex");
  const provider = args.provider ?? (onlyCodex ? "codex" : "claude");
  const model = args.model ?? DEFAULT_MODEL[provider];
  const tasks = await loadTasks(args.tasks);
  const real = providerConfigured(configured, provider);
  const fake = real ? undefined : await startFakeModel(provider, tasks);
  const env = fake ? getEnv({ ...process.env, ...fake.env }) : configured;

  console.log(`eval_provider=${provider}`);
  console.log(`eval_model=${model}`);
  console.log(`eval_backend=${real ? "configured" : "fake"}`);
  const results: TaskResult[] = [];
  let harnessErrors = 0;
  try {
    for (const [index, task] of tasks.entries()) {
      try {
        await assertTaskStartsUnsolved(task);
        const result = await runTask({
          task,
          index: index + 1,
          provider,
          model,
          client: createModelClient(env, provider, { id: `eval-${task.name}`, mode: task.mode }),
          env,
          promptPrefix: fake ? `${scriptMarker(task)} ` : "",
        });
        results.push(result);
        console.log(taskLine(result));
      } catch (error) {
        harnessErrors++;
        console.log(errorLine(task.name, error));
      }
    }
  } finally {
    await fake?.close();
  }
  for (const line of totalLines(results, tasks.length)) console.log(line);
  if (harnessErrors) console.log(`eval_harness_errors=${harnessErrors}`);
  return harnessErrors ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  return 2;
});
