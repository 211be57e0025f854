import type { AgentProvider } from "../../db/schema";
import { startFakeAnthropic } from "../fakes/anthropic";
import type { RequestView, Script, ScriptedTurn } from "../fakes/model-script";
import { startFakeOpenAI } from "../fakes/openai";
import type { EvalTask, ScriptStep } from "./tasks";

/** The marker that tells the fake which script answers a conversation (see test/fakes/model-script.ts). */
export function scriptMarker(task: EvalTask) {
  return `[[script:eval-${task.name}]]`;
}

/**
 * The fake model for the suite: the provider's fake API with every task's script, and the
 * environment that points the real SDK at it, as a key and base URL would point it at the
 * real service. The Codex fake answers on the Responses API, as api.openai.com does.
 */
export async function startFakeModel(provider: AgentProvider, tasks: EvalTask[]) {
  const scripts = tasks.map(scriptFor);
  if (provider === "claude") {
    const fake = await startFakeAnthropic({ scripts });
    return { env: { ANTHROPIC_API_KEY: "sk-ant-eval-fake", ANTHROPIC_BASE_URL: fake.url }, close: () => fake.close() };
  }
  const fake = await startFakeOpenAI({ scripts });
  return {
    env: { OPENAI_API_KEY: "sk-eval-fake", OPENAI_BASE_URL: fake.url, OPENAI_API: "responses" },
    close: () => fake.close(),
  };
}

function scriptFor(task: EvalTask): Script {
  return { name: `eval-${task.name}`, turns: task.script.map((step) => (request: RequestView) => turnFor(step, request)) };
}

function turnFor(step: ScriptStep, request: RequestView): ScriptedTurn {
  if (step.expect) {
    const outcome = lastCommandOutcome(request);
    if (outcome !== step.expect) {
      const actual = outcome === "pass" ? "it passed" : outcome === "fail" ? "it failed" : "the last tool call was not a command";
      throw new Error(`the script expected the last test run to ${step.expect}, but ${actual}`);
    }
  }
  return { text: step.text, toolCalls: step.toolCalls };
}

/** How the previous turn's last tool result, a run_command one, came out: "exit code N" (Codex's start "Error: "). */
function lastCommandOutcome(request: RequestView) {
  const result = request.messages.at(-1)?.toolResults.at(-1)?.content ?? "";
  const exitCode = /^(?:Error: )?exit code (\d+)/.exec(result)?.[1];
  if (exitCode === undefined) return undefined;
  return exitCode === "0" ? "pass" : "fail";
}
