import { z } from "zod";
import { sumRunCosts } from "../../services/agent-runs/run-costs";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZSumCostsRequest = z.union([z.object({ ticketId: ZId }), z.object({ projectId: ZId })]);

export const ZSumCostsResponse = z.object({
  runs: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheWriteTokens: z.number(),
  cacheReadTokens: z.number(),
  costMicroUsd: z.number(),
});

export const sumCostsProcedure = tenantProcedure
  .meta({ permission: "costs:read" })
  .input(ZSumCostsRequest)
  .output(ZSumCostsResponse)
  .query(({ ctx, input }) => sumRunCosts({ tenantId: ctx.tenantId, ...input }));
