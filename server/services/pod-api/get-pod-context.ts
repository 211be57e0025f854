import type { AgentRun } from "../../../db/schema";
import { db } from "../../../db/client";
import { contextBudget, maxOutputTokens } from "../../models/catalog";
import { runLimitsOf } from "../../harness/limits";
import { resolveRunPrompt } from "../agent-runs/resolve-run-prompt";
import type { Env } from "../../env.server";
import { appendRunEvent } from "../agent-runs/append-run-event";
import { listRunRepositories } from "../agent-runs/run-repos";
import { podCustomToolSpecs } from "./pod-custom-tool-specs";
import { resolveModelPrice } from "../model-prices/resolve-model-price";

/** What a pod needs to run the agent: prompt, model, mode and limits. The prompt's description is logged on the run. */
export async function getPodContext(options: {
  tenantId: number;
  run: AgentRun;
  env: Env;
  /** The repository's AGENTS.md as the pod found it after checkout. */
  agentsMd: string | null;
  /** The workspace two levels deep, as the pod found it. */
  tree: string | null;
}) {
  const { tenantId, run, env } = options;
  const prompt = await resolveRunPrompt({ tenantId, run, agentsMd: options.agentsMd, tree: options.tree });
  await appendRunEvent(db, { tenantId, runId: run.id, type: "log", payload: { level: "info", message: prompt.describe } });
  const [repo] = await listRunRepositories({ tenantId, runId: run.id });
  const price = await resolveModelPrice({ tenantId, provider: run.provider, model: run.model });
  const limits = runLimitsOf(run, env, price);
  return {
    runId: run.id,
    provider: run.provider,
    model: run.model,
    mode: run.mode,
    system: prompt.system,
    task: prompt.taskText,
    branch: repo?.branchName ?? null,
    maxTurns: limits.maxTurns,
    maxCostMicroUsd: limits.maxCostMicroUsd,
    price,
    // Seconds, not a deadline: the pod's clock need not agree with ours. The Job is cut off a grace period after.
    secondsLeft: Math.max(0, Math.floor((limits.deadline - Date.now()) / 1000)),
    commandTimeoutSeconds: env.AGENT_COMMAND_TIMEOUT_SECONDS,
    contextBudget: contextBudget(run.model, env.AGENT_CONTEXT_BUDGET_TOKENS),
    compactAtTokens: env.AGENT_COMPACT_AT_TOKENS,
    maxOutputTokens: maxOutputTokens(run.model),
    // The workspace's custom tools as the model sees them; the pod calls them through `pod.callTool`.
    customTools: await podCustomToolSpecs({ tenantId, run, env }),
  };
}
