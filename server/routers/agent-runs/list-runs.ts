import { z } from "zod";
import { listRuns } from "../../services/agent-runs/list-runs";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZRunStatus } from "../schemas";
import { ZRunSummary } from "./schemas";

export const ZListRunsRequest = z.object({
  status: ZRunStatus.optional(),
  ticketId: ZId.optional(),
  projectId: ZId.optional(),
  parentRunId: ZId.optional(),
  cursor: ZId.nullish(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const ZListRunsResponse = z.object({ items: z.array(ZRunSummary), nextCursor: z.number().nullable() });

export const listRunsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListRunsRequest)
  .output(ZListRunsResponse)
  .query(({ ctx, input }) => listRuns({ tenantId: ctx.tenantId, ...input, before: input.cursor ?? undefined }));
