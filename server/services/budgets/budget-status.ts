import type { projectBudgets } from "../../../db/schema";

export function budgetStatus(budget: typeof projectBudgets.$inferSelect | null, spent: number) {
  if (!budget) return { budget: null, spentMicroUsd: spent, percent: null, state: "none" as const };
  const percent = budget.monthlyLimitMicroUsd > 0 ? Math.round((spent / budget.monthlyLimitMicroUsd) * 100) : 100;
  const state =
    spent >= budget.monthlyLimitMicroUsd
      ? ("exceeded" as const)
      : percent >= budget.warnAtPercent
        ? ("warning" as const)
        : ("ok" as const);
  return { budget, spentMicroUsd: spent, percent, state };
}
