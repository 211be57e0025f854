import { useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { useCan } from "~/permissions";
import { errorMessage, trpc } from "~/trpc";
import { formatCost } from "./format";

type BudgetState = {
  budget: { monthlyLimitMicroUsd: number } | null;
  spentMicroUsd: number;
  percent: number | null;
  state: string;
};

const TONE: Record<string, string> = {
  ok: "text-zinc-500",
  warning: "text-amber-700",
  exceeded: "text-red-700 font-medium",
  none: "text-zinc-400",
};

/** This month's spend against the project's budget; managers set the limit here. */
export function ProjectBudget({ projectId, budget }: { projectId: number; budget?: BudgetState }) {
  const can = useCan();
  const revalidator = useRevalidator();
  const [error, setError] = useState<string | null>(null);
  if (!budget) return null;
  const edit = async () => {
    const answer = window.prompt(
      "Monthly budget for agent runs, in US dollars",
      budget.budget ? String(budget.budget.monthlyLimitMicroUsd / 1_000_000) : "100",
    );
    if (answer === null) return;
    try {
      await trpc.budgets.set.mutate({ projectId, monthlyLimitUsd: Number(answer) });
      revalidator.revalidate();
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  return (
    <span className={`text-xs ${TONE[budget.state] ?? ""}`} data-testid="project-budget">
      {budget.budget
        ? `Budget ${formatCost(budget.spentMicroUsd)} of ${formatCost(budget.budget.monthlyLimitMicroUsd)} (${budget.percent}%)${budget.state === "exceeded" ? " — runs are paused" : budget.state === "warning" ? " — nearly spent" : ""}`
        : "No budget"}
      {can("projects:manage") ? (
        <button type="button" onClick={edit} className="ml-1 underline">
          {budget.budget ? "change" : "set"}
        </button>
      ) : null}
      {error ? <span className="ml-1 text-red-700">{error}</span> : null}
    </span>
  );
}
