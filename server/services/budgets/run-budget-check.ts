import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { budgetStatus } from "./budget-status";
import { monthSpend } from "./month-spend";
import { readBudget } from "./read-budget";
import { dollars } from "./dollars";

/**
 * Checked before each model call of a running run: over the per-run or the
 * monthly limit → stop (with the reason); past the warning threshold → warn.
 */
export async function runBudgetCheck(options: { tenantId: number; runId: number; projectId: number | null }) {
  if (!options.projectId) return { stop: null, warn: null };
  // Before every model call: most projects have no budget, so that is read first and alone.
  const budget = await readBudget({ tenantId: options.tenantId, projectId: options.projectId });
  if (!budget) return { stop: null, warn: null };
  const [spent, [run]] = await Promise.all([
    monthSpend({ tenantId: options.tenantId, projectId: options.projectId }),
    db.select({ cost: agentRuns.costMicroUsd }).from(agentRuns).where(eq(agentRuns.id, options.runId)),
  ]);
  const status = budgetStatus(budget, spent);
  const runCost = run?.cost ?? 0;
  if (budget.perRunLimitMicroUsd !== null && runCost >= budget.perRunLimitMicroUsd)
    return {
      stop: `The run reached its limit of ${dollars(budget.perRunLimitMicroUsd)} (spent ${dollars(runCost)}).`,
      warn: null,
      status,
    };
  if (status.state === "exceeded")
    return {
      stop: `The project's monthly budget of ${dollars(budget.monthlyLimitMicroUsd)} is spent (${dollars(status.spentMicroUsd)}).`,
      warn: null,
      status,
    };
  if (status.state === "warning")
    return {
      stop: null,
      warn: `The project has used ${status.percent}% of its monthly budget (${dollars(status.spentMicroUsd)} of ${dollars(budget.monthlyLimitMicroUsd)}).`,
      status,
    };
  return { stop: null, warn: null, status };
}
