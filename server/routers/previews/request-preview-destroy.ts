import { z } from "zod";
import { requestPreviewDestroy } from "../../services/previews/request-preview-destroy";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZPreview } from "./schemas";

export const ZRequestPreviewDestroyRequest = z.object({ previewId: ZId });

export const requestPreviewDestroyProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZRequestPreviewDestroyRequest)
  .output(ZPreview)
  .mutation(({ ctx, input }) => requestPreviewDestroy({ tenantId: ctx.tenantId, ...input }));
