import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { costMicroUsd, modelInfo } from "../../server/models/catalog";
import { runAgentLoop } from "../../server/harness/loop";
import { promptOverheadTokens } from "../../server/harness/prompt-overhead";
import { buildSystemPrompt } from "../../server/harness/prompts";
import { createClaudeClient } from "../../server/models/providers/anthropic";
import { toolsForMode } from "../../server/harness/tools";
import type { Usage } from "../../server/models/types";
import { startFakeAnthropic } from "../fakes/anthropic";
import type { ScriptedTurn } from "../fakes/model-script";

/**
 * bench:agent-cost — a scripted 30-turn Claude Sonnet 4.6 run (each turn reads
 * a file of ~2.4k tokens, so the history grows by that much a turn) through the
 * real provider and agent loop against the fake Messages API's prompt caching,
 * once without breakpoints and once with them. Prints `name=value` lines:
 * the dollar cost of each, their ratio (target ≤ 0.30), and the fixed prompt
 * overhead per mode. No database, no network.
 */
const MODEL = "claude-sonnet-4-6";
const TURNS = 30;
const CHARS_PER_TURN = 9_600;

const turns: ScriptedTurn[] = Array.from({ length: TURNS - 1 }, (_, index) => ({
  text: `Reading part ${index + 1}.`,
  toolCalls: [{ name: "read_file", input: { path: `src/part-${index + 1}.ts` } }],
}));
turns.push({ toolCalls: [{ name: "finish", input: { summary: "Read the parts." } }] });

function source(index: number) {
  const line = `export const value${index}_NNNN = "${"x".repeat(40)}";\n`;
  let text = "";
  for (let n = 0; text.length < CHARS_PER_TURN; n++) text += line.replace("NNNN", String(n));
  return text;
}

async function runOnce(promptCaching: boolean) {
  const fake = await startFakeAnthropic({ scripts: [{ name: "cost", turns }] });
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-agent-cost-"));
  const usages: Usage[] = [];
  await mkdir(path.join(root, "src"));
  for (let index = 0; index < TURNS; index++) await writeFile(path.join(root, `src/part-${index + 1}.ts`), source(index));
  try {
    await runAgentLoop({
      client: createClaudeClient({ apiKey: "bench", baseURL: fake.url, maxRetries: 0, promptCaching }),
      model: MODEL,
      system: buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] }),
      task: { role: "user", content: [{ type: "text", text: "[[script:cost]] Review the parts." }] },
      tools: toolsForMode("implement"),
      toolContext: { root, commandTimeoutSeconds: 10 },
      limits: { maxTurns: TURNS },
      contextBudget: 200_000,
      maxOutputTokens: 16_000,
      emit: async (event) => {
        if (event.type === "usage") usages.push(event);
      },
    });
  } finally {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  }
  return usages.reduce((sum, usage) => sum + costMicroUsd(modelInfo(MODEL)!, usage), 0) / 1_000_000;
}

const uncached = await runOnce(false);
const cached = await runOnce(true);
console.log(`agent_cost_uncached_usd=${uncached.toFixed(4)}`);
console.log(`agent_cost_cached_usd=${cached.toFixed(4)}`);
console.log(`agent_cost_ratio=${(cached / uncached).toFixed(3)}`);
console.log(`cores=${os.availableParallelism()}`);
for (const mode of ["implement", "bugfix", "plan", "review"] as const) {
  const { system, tools } = promptOverheadTokens("claude", mode);
  console.log(`prompt_overhead_tokens_${mode}=${system + tools}`);
}
