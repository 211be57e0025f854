import { z } from "zod";
import { listPreviews } from "../../services/previews/list-previews";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZPreview } from "./schemas";

export const ZListPreviewsRequest = z.object({
  runId: ZId.optional(),
  ticketId: ZId.optional(),
  includeDestroyed: z.boolean().default(false),
});

export const listPreviewsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListPreviewsRequest)
  .output(z.array(ZPreview))
  .query(({ ctx, input }) => listPreviews({ tenantId: ctx.tenantId, ...input }));
