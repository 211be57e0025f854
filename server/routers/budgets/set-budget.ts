import { z } from "zod";
import { setBudget } from "../../services/budgets/set-budget";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZBudget } from "./schemas";

const ZDollars = z.number().min(0).max(1_000_000);

export const ZSetBudgetRequest = z.object({
  projectId: ZId,
  monthlyLimitUsd: ZDollars,
  perRunLimitUsd: ZDollars.nullish(),
  warnAtPercent: z.number().int().min(1).max(100).default(80),
});

export const setBudgetProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZSetBudgetRequest)
  .output(ZBudget)
  .mutation(({ ctx, input }) =>
    setBudget({
      tenantId: ctx.tenantId,
      projectId: input.projectId,
      monthlyLimitMicroUsd: Math.round(input.monthlyLimitUsd * 1_000_000),
      perRunLimitMicroUsd: input.perRunLimitUsd == null ? null : Math.round(input.perRunLimitUsd * 1_000_000),
      warnAtPercent: input.warnAtPercent,
    }),
  );
