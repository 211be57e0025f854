import { z } from "zod";
import { rollbackPullRequestSet } from "../../services/agent-runs/orchestration";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZRollbackPullRequestSetRequest = z.object({ runId: ZId });

/** Closes the set's open pull requests and deletes their branches. */
export const rollbackPullRequestSetProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZRollbackPullRequestSetRequest)
  .mutation(({ ctx, input }) => rollbackPullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId, env: ctx.env }));
