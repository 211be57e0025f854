import { and, eq, gte, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, projectBudgets } from "../../../db/schema";

const startOfMonth = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export async function readBudget(options: { tenantId: number; projectId: number }) {
  const [budget] = await db
    .select()
    .from(projectBudgets)
    .where(and(eq(projectBudgets.projectId, options.projectId), eq(projectBudgets.tenantId, options.tenantId)));
  return budget ?? null;
}

export async function monthSpend(options: { tenantId: number; projectId: number }) {
  const [spend] = await db
    .select({ micro: sql<number>`coalesce(sum(${agentRuns.costMicroUsd}), 0)::bigint`.mapWith(Number) })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        eq(agentRuns.projectId, options.projectId),
        gte(agentRuns.createdAt, startOfMonth()),
      ),
    );
  return spend?.micro ?? 0;
}

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
