import { AppError } from "../../errors";
import { dollars } from "./dollars";
import { getBudget } from "./get-budget";

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
