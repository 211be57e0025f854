import { z } from "zod";
import { removeBudget } from "../../services/budgets/remove-budget";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRemovedBudget } from "./schemas";

export const ZRemoveBudgetRequest = z.object({ projectId: ZId });

/** "No limit": the project's runs are no longer checked against a budget. */
export const removeBudgetProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZRemoveBudgetRequest)
  .output(ZRemovedBudget)
  .mutation(({ ctx, input }) => removeBudget({ tenantId: ctx.tenantId, projectId: input.projectId }));
