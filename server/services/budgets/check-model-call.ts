import type { AgentProvider } from "../../../db/schema";
import { resolveModelPrice } from "../model-prices/resolve-model-price";
import { unpricedModelMessage } from "../model-prices/unpriced-model-message";
import { runBudgetCheck } from "./run-budget-check";

/**
 * Asked before every model call of a run, on either executor: a model without a
 * price would make budgets count nothing, so it stops the run like a spent budget.
 */
export async function checkModelCall(options: {
  tenantId: number;
  run: { id: number; projectId: number | null; provider: AgentProvider; model: string };
}): Promise<{ stop: string | null; warn: string | null }> {
  const { tenantId, run } = options;
  const price = await resolveModelPrice({ tenantId, provider: run.provider, model: run.model });
  if (!price) return { stop: unpricedModelMessage(run.model), warn: null };
  return runBudgetCheck({ tenantId, runId: run.id, projectId: run.projectId });
}
