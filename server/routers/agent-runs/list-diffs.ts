import { z } from "zod";
import { listCodeDiffs } from "../../services/agent-runs/code-diffs";
import { getRun } from "../../services/agent-runs/get-run";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListDiffsRequest = z.object({ runId: ZId });

export const listDiffsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListDiffsRequest)
  .query(async ({ ctx, input }) => {
    await getRun({ tenantId: ctx.tenantId, runId: input.runId });
    return listCodeDiffs({ tenantId: ctx.tenantId, runId: input.runId });
  });
