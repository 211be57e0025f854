import { z } from "zod";
import { createTool } from "../../services/tools/create-tool";
import { tenantProcedure } from "../../trpc/procedures";
import { ZToolName } from "../schemas";
import { ZTool } from "./schemas";

export const ZCreateToolRequest = z.object({
  name: ZToolName,
  description: z.string().trim().min(1).max(1000),
  inputSchema: z.record(z.string(), z.unknown()),
  endpointUrl: z.string().url().max(2000),
  httpMethod: z.enum(["POST", "PUT"]).default("POST"),
  headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
});

export const createToolProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZCreateToolRequest)
  .output(ZTool)
  .mutation(({ ctx, input }) => createTool({ tenantId: ctx.tenantId, userId: ctx.userId, env: ctx.env, ...input }));
