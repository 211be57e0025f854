import { z } from "zod";
import { rollbackPullRequestSet } from "../../services/agent-runs/rollback-pull-request-set";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZRollbackPullRequestSetRequest = z.object({ runId: ZId });

export const ZRollbackPullRequestSetResponse = z.object({
  results: z.array(z.object({ repository: z.string(), prNumber: z.number(), closed: z.boolean(), error: z.string().optional() })),
});

/** Closes the set's open pull requests and deletes their branches. */
export const rollbackPullRequestSetProcedure = tenantProcedure
  .meta({ permission: "runs:launch", transaction: "explicit" })
  .input(ZRollbackPullRequestSetRequest)
  .output(ZRollbackPullRequestSetResponse)
  .mutation(({ ctx, input }) =>
    rollbackPullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId, env: ctx.env, commit: ctx.inTransaction }),
  );
