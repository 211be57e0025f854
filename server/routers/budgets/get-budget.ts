import { z } from "zod";
import { getBudget } from "../../services/budgets/get-budget";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZBudgetStatus } from "./schemas";

export const ZGetBudgetRequest = z.object({ projectId: ZId });

export const getBudgetProcedure = tenantProcedure
  .meta({ permission: "costs:read" })
  .input(ZGetBudgetRequest)
  .output(ZBudgetStatus)
  .query(({ ctx, input }) => getBudget({ tenantId: ctx.tenantId, ...input }));
