import { z } from "zod";
import { notFound } from "../../errors";
import { getRunDetail } from "../../services/agent-runs/get-run-detail";
import { listRunRepositories } from "../../services/agent-runs/run-repos";
import { listRunImages } from "../../services/images/list-run-images";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRunStopReason, ZRunSummary } from "./schemas";

export const ZGetRunRequest = z.object({ runId: ZId });

export const ZGetRunResponse = ZRunSummary.extend({
  resolvedPrompt: z.string().nullable(),
  stopReason: ZRunStopReason.nullable(),
  heartbeatAt: z.date().nullable(),
  images: z.array(z.object({ id: z.number(), filename: z.string().nullable(), contentType: z.string(), byteSize: z.number() })),
  repositories: z.array(
    z.object({
      id: z.number(),
      repositoryId: z.number(),
      connectorId: z.number(),
      owner: z.string(),
      name: z.string(),
      fullName: z.string(),
      defaultBranch: z.string(),
      baseBranch: z.string().nullable(),
      branchName: z.string().nullable(),
      status: z.string(),
      prNumber: z.number().nullable(),
      prUrl: z.string().nullable(),
      prState: z.string().nullable(),
      checksStatus: z.string().nullable(),
    }),
  ),
});

export const getRunProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetRunRequest)
  .output(ZGetRunResponse)
  .query(async ({ ctx, input }) => {
    const run = await getRunDetail({ tenantId: ctx.tenantId, runId: input.runId });
    if (!run) throw notFound("Run");
    const [images, repositories] = await Promise.all([
      listRunImages({ tenantId: ctx.tenantId, runId: input.runId }),
      listRunRepositories({ tenantId: ctx.tenantId, runId: input.runId }),
    ]);
    return { ...run, images, repositories: repositories.map(({ cloneUrl: _cloneUrl, ...repo }) => repo) };
  });
