import { z } from "zod";
import { getRun } from "../../services/agent-runs/get-run";
import { pullRequestSet } from "../../services/agent-runs/orchestration";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZGetPullRequestSetRequest = z.object({ runId: ZId });

export const getPullRequestSetProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetPullRequestSetRequest)
  .query(async ({ ctx, input }) => {
    await getRun({ tenantId: ctx.tenantId, runId: input.runId });
    return pullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId });
  });
