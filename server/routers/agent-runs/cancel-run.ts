import { z } from "zod";
import { cancelRun } from "../../services/agent-runs/cancel-run";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRunRow } from "./schemas";

export const ZCancelRunRequest = z.object({
  runId: ZId,
  /** Stop a running run but keep its work: the diff is stored and a draft pull request pushed. */
  keepWork: z.boolean().default(false),
});

export const cancelRunProcedure = tenantProcedure
  .meta({ permission: "runs:launch", transaction: "explicit" })
  .input(ZCancelRunRequest)
  .output(ZRunRow)
  .mutation(({ ctx, input }) =>
    cancelRun({ tenantId: ctx.tenantId, userId: ctx.userId, ...input, env: ctx.env, commit: ctx.inTransaction }),
  );
