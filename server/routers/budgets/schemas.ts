import { z } from "zod";

/** A project's monthly budget row. */
export const ZBudget = z.object({
  id: z.number(),
  tenantId: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  projectId: z.number(),
  monthlyLimitMicroUsd: z.number(),
  perRunLimitMicroUsd: z.number().nullable(),
  warnAtPercent: z.number(),
});

/** A project's budget and this month's spend against it; `none` when it has no budget. */
export const ZBudgetStatus = z.union([
  z.object({ budget: z.null(), spentMicroUsd: z.number(), percent: z.null(), state: z.literal("none") }),
  z.object({ budget: ZBudget, spentMicroUsd: z.number(), percent: z.number(), state: z.enum(["warning", "ok", "exceeded"]) }),
]);

export const ZRemovedBudget = z.object({ projectId: z.number(), removed: z.boolean() });
