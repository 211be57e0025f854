import { z } from "zod";
import { getPreview } from "../../services/previews/get-preview";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZPreview } from "./schemas";

export const ZGetPreviewRequest = z.object({ previewId: ZId });

export const getPreviewProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetPreviewRequest)
  .output(ZPreview)
  .query(({ ctx, input }) => getPreview({ tenantId: ctx.tenantId, ...input }));
