import { z } from "zod";
import { updateTool } from "../../services/tools/update-tool";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZTool } from "./schemas";

export const ZUpdateToolRequest = z.object({
  toolId: ZId,
  description: z.string().trim().min(1).max(1000).optional(),
  endpointUrl: z.string().url().optional(),
  enabled: z.boolean().optional(),
});

export const updateToolProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZUpdateToolRequest)
  .output(ZTool)
  .mutation(({ ctx, input }) => updateTool({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
