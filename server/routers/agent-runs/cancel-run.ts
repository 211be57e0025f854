import { z } from "zod";
import { cancelRun } from "../../services/agent-runs/cancel-run";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZCancelRunRequest = z.object({ runId: ZId });

export const cancelRunProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZCancelRunRequest)
  .mutation(({ ctx, input }) => cancelRun({ tenantId: ctx.tenantId, userId: ctx.userId, runId: input.runId, env: ctx.env }));
