import { useState } from "react";
import { FieldError, FormSummary, fieldProblem, inputClass, useForm } from "~/components/ui/form";
import { useCanCall } from "~/permissions";
import { trpc } from "~/trpc";
import { formatCost } from "./format";

export type BudgetState = {
  budget: { monthlyLimitMicroUsd: number } | null;
  spentMicroUsd: number;
  percent: number | null;
  state: string;
};

const TONE: Record<string, string> = {
  ok: "text-zinc-600 dark:text-zinc-400",
  warning: "text-amber-700 dark:text-amber-400",
  exceeded: "text-red-700 font-medium dark:text-red-400",
  none: "text-zinc-600 dark:text-zinc-400",
};

/** This month's spend against the project's budget; managers set, change or remove the limit here. */
export function ProjectBudget({ projectId, budget }: { projectId: number; budget?: BudgetState }) {
  const canSet = useCanCall("budgets.set");
  const [editing, setEditing] = useState(false);
  if (!budget) return null;
  return (
    <div className={`text-xs ${TONE[budget.state] ?? ""}`} data-testid="project-budget">
      {budget.budget
        ? `Budget ${formatCost(budget.spentMicroUsd)} of ${formatCost(budget.budget.monthlyLimitMicroUsd)} (${budget.percent}%)${budget.state === "exceeded" ? " — runs are paused" : budget.state === "warning" ? " — nearly spent" : ""}`
        : "No budget"}
      {canSet.allowed && !editing ? (
        <button type="button" {...canSet.marker} onClick={() => setEditing(true)} className="ml-1 underline">
          {budget.budget ? "change" : "set"}
        </button>
      ) : null}
      {editing ? <BudgetForm projectId={projectId} budget={budget} onDone={() => setEditing(false)} /> : null}
    </div>
  );
}

/** Dollars as a person types them: "100", "12.50", "$1,000". */
function parseDollars(text: string): number | null {
  const cleaned = text.replace(/[$,\s]/g, "");
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned)) return null;
  return Number(cleaned);
}

function BudgetForm({ projectId, budget, onDone }: { projectId: number; budget: BudgetState; onDone: () => void }) {
  const [amount, setAmount] = useState(budget.budget ? String(budget.budget.monthlyLimitMicroUsd / 1_000_000) : "");
  const form = useForm({ fieldOf: (path) => (path === "monthlyLimitUsd" ? "amount" : null) });
  const [canSave, canRemove] = [useCanCall("budgets.set"), useCanCall("budgets.remove")];
  const save = () =>
    form.submit(async () => {
      if (!amount.trim()) throw fieldProblem("amount", "Enter a monthly amount in dollars, or choose No limit.");
      const dollars = parseDollars(amount);
      if (dollars === null) throw fieldProblem("amount", "Write the amount as dollars and cents, like 100 or 12.50.");
      await trpc.budgets.set.mutate({ projectId, monthlyLimitUsd: dollars });
      onDone();
    });
  const remove = () =>
    form.submit(async () => {
      await trpc.budgets.remove.mutate({ projectId });
      onDone();
    });
  return (
    <form
      aria-label="Monthly budget"
      noValidate
      className="mt-2 flex flex-col gap-1 rounded-md border border-zinc-200 p-2 text-zinc-700 dark:border-zinc-700 dark:text-zinc-200"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label htmlFor={`budget-${projectId}`} className="text-xs font-medium">
        Monthly budget for agent runs (US dollars)
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <span aria-hidden="true">$</span>
        <input
          id={`budget-${projectId}`}
          inputMode="decimal"
          autoFocus
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          className={`${inputClass} w-28`}
          {...form.field("amount")}
        />
        <button type="submit" {...canSave.control(form.pending)} className="rounded-md bg-lime-700 px-2 py-1 text-xs text-white">
          Save budget
        </button>
        {budget.budget ? (
          <button type="button" {...canRemove.control(form.pending)} onClick={() => void remove()} className="text-xs underline">
            No limit
          </button>
        ) : null}
        <button type="button" onClick={onDone} className="text-xs">
          Cancel
        </button>
      </div>
      <FieldError {...form.error("amount")} />
      <FormSummary message={form.errors.summary} />
    </form>
  );
}
