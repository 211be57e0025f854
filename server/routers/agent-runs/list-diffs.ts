import { z } from "zod";
import { listCodeDiffs } from "../../services/agent-runs/list-code-diffs";
import { getRun } from "../../services/agent-runs/get-run";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListDiffsRequest = z.object({ runId: ZId });

export const ZListDiffsResponse = z.array(
  z.object({
    id: z.number(),
    repositoryId: z.number().nullable(),
    filePath: z.string(),
    changeType: z.enum(["added", "modified", "deleted", "renamed"]),
    diff: z.string(),
    additions: z.number(),
    deletions: z.number(),
  }),
);

export const listDiffsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListDiffsRequest)
  .output(ZListDiffsResponse)
  .query(async ({ ctx, input }) => {
    await getRun({ tenantId: ctx.tenantId, runId: input.runId });
    return listCodeDiffs({ tenantId: ctx.tenantId, runId: input.runId });
  });
