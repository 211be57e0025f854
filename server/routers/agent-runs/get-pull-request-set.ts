import { z } from "zod";
import { getRun } from "../../services/agent-runs/get-run";
import { pullRequestSet } from "../../services/agent-runs/get-pull-request-set";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZRunStatus } from "../schemas";

export const ZGetPullRequestSetRequest = z.object({ runId: ZId });

export const ZGetPullRequestSetResponse = z.object({
  status: z.enum(["none", "open", "partial", "merged", "closed", "failing"]),
  items: z.array(
    z.object({
      runId: z.number(),
      runStatus: ZRunStatus,
      runRepoId: z.number(),
      connectorId: z.number(),
      owner: z.string(),
      name: z.string(),
      repository: z.string(),
      branchName: z.string().nullable(),
      prNumber: z.number().nullable(),
      prUrl: z.string().nullable(),
      prState: z.string().nullable(),
      checksStatus: z.string().nullable(),
    }),
  ),
});

export const getPullRequestSetProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetPullRequestSetRequest)
  .output(ZGetPullRequestSetResponse)
  .query(async ({ ctx, input }) => {
    await getRun({ tenantId: ctx.tenantId, runId: input.runId });
    return pullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId });
  });
