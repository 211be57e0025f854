import { z } from "zod";
import { deleteTool } from "../../services/tools/delete-tool";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteToolRequest = z.object({ toolId: ZId });

export const deleteToolProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZDeleteToolRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteTool({ tenantId: ctx.tenantId, ...input }));
