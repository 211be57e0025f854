import { z } from "zod";
import { requestPreview } from "../../services/previews/request-preview";
import { tenantProcedure } from "../../trpc/procedures";
import { ZBranch, ZId } from "../schemas";
import { ZPreview } from "./schemas";

export const ZRequestPreviewRequest = z.object({
  clusterId: ZId,
  repositoryId: ZId,
  branch: ZBranch,
  runId: ZId.nullish(),
  ticketId: ZId.nullish(),
});

export const requestPreviewProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZRequestPreviewRequest)
  .output(ZPreview)
  .mutation(({ ctx, input }) => requestPreview({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
