import { budgetStatus } from "./budget-status";
import { monthSpend } from "./month-spend";
import { readBudget } from "./read-budget";

/** A project's budget and this month's spend (sum of its runs' costs since the 1st, UTC). */
export async function getBudget(options: { tenantId: number; projectId: number }) {
  const [budget, spent] = await Promise.all([readBudget(options), monthSpend(options)]);
  return budgetStatus(budget, spent);
}
