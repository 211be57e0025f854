import { useRevalidatingAction } from "~/components/ui/use-revalidating-action";
import { useCan } from "~/permissions";
import { trpc } from "~/trpc";
import { formatCost } from "./format";

export type BudgetState = {
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
  const { act, error } = useRevalidatingAction();
  if (!budget) return null;
  const edit = () => {
    const answer = window.prompt(
      "Monthly budget for agent runs, in US dollars",
      budget.budget ? String(budget.budget.monthlyLimitMicroUsd / 1_000_000) : "100",
    );
    if (answer === null) return;
    void act(() => trpc.budgets.set.mutate({ projectId, monthlyLimitUsd: Number(answer) }));
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
