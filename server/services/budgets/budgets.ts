import { and, eq, gte, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, projectBudgets, projects } from "../../../db/schema";
import { AppError, notFound } from "../../errors";

const startOfMonth = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
const dollars = (micro: number) => `$${(micro / 1_000_000).toFixed(2)}`;

export async function setBudget(options: {
  tenantId: number;
  projectId: number;
  monthlyLimitMicroUsd: number;
  perRunLimitMicroUsd: number | null;
  warnAtPercent: number;
}) {
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const [row] = await db
    .insert(projectBudgets)
    .values(options)
    .onConflictDoUpdate({
      target: projectBudgets.projectId,
      set: {
        monthlyLimitMicroUsd: options.monthlyLimitMicroUsd,
        perRunLimitMicroUsd: options.perRunLimitMicroUsd,
        warnAtPercent: options.warnAtPercent,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

/** Removes a project's budget ("No limit"); a project of another tenant is not found. */
export async function removeBudget(options: { tenantId: number; projectId: number }) {
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const removed = await db
    .delete(projectBudgets)
    .where(and(eq(projectBudgets.projectId, options.projectId), eq(projectBudgets.tenantId, options.tenantId)))
    .returning({ id: projectBudgets.id });
  return { projectId: options.projectId, removed: removed.length > 0 };
}

/** A project's budget and this month's spend (sum of its runs' costs since the 1st, UTC). */
export async function getBudget(options: { tenantId: number; projectId: number }) {
  const [budget, spent] = await Promise.all([readBudget(options), monthSpend(options)]);
  return budgetStatus(budget, spent);
}

async function readBudget(options: { tenantId: number; projectId: number }) {
  const [budget] = await db
    .select()
    .from(projectBudgets)
    .where(and(eq(projectBudgets.projectId, options.projectId), eq(projectBudgets.tenantId, options.tenantId)));
  return budget ?? null;
}

async function monthSpend(options: { tenantId: number; projectId: number }) {
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

function budgetStatus(budget: typeof projectBudgets.$inferSelect | null, spent: number) {
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

/** Refuses to start a run in a project whose monthly budget is spent. */
export async function assertBudgetAllowsRun(options: { tenantId: number; projectId: number | null }) {
  if (!options.projectId) return;
  const status = await getBudget({ tenantId: options.tenantId, projectId: options.projectId });
  if (status.state === "exceeded")
    throw new AppError(
      "PRECONDITION_FAILED",
      `This project's monthly budget of ${dollars(status.budget!.monthlyLimitMicroUsd)} is spent (${dollars(status.spentMicroUsd)}); raise it or wait for next month.`,
    );
}

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
