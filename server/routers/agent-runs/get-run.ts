import { z } from "zod";
import { notFound } from "../../errors";
import { getRunDetail } from "../../services/agent-runs/list-runs";
import { listRunRepositories } from "../../services/agent-runs/run-repos";
import { listRunImages } from "../../services/images/list-run-images";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZGetRunRequest = z.object({ runId: ZId });

export const getRunProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetRunRequest)
  .query(async ({ ctx, input }) => {
    const run = await getRunDetail({ tenantId: ctx.tenantId, runId: input.runId });
    if (!run) throw notFound("Run");
    const [images, repositories] = await Promise.all([
      listRunImages({ tenantId: ctx.tenantId, runId: input.runId }),
      listRunRepositories({ tenantId: ctx.tenantId, runId: input.runId }),
    ]);
    return { ...run, images, repositories: repositories.map(({ cloneUrl: _cloneUrl, ...repo }) => repo) };
  });
