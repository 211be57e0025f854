import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentEvents, type AgentProvider } from "../../../db/schema";
import { resolveModelPrice, unpricedModelMessage } from "../model-prices/resolve-model-price";
import { runBudgetCheck } from "./budgets";

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

/** Whether the run was already warned about its budget (a pod's calls share no memory, the events do). */
export async function budgetWarned(options: { tenantId: number; runId: number }) {
  const [event] = await db
    .select({ id: agentEvents.id })
    .from(agentEvents)
    .where(and(eq(agentEvents.tenantId, options.tenantId), eq(agentEvents.runId, options.runId), eq(agentEvents.type, "budget")))
    .limit(1);
  return Boolean(event);
}
