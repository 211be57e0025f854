import { z } from "zod";
import { listAudit } from "../../services/audit/list-audit";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZAuditPage } from "./schemas";

export const ZListAuditRequest = z.object({
  actorUserId: ZId.optional(),
  action: z.string().max(80).optional(),
  targetType: z.string().max(40).optional(),
  since: z.date().optional(),
  cursor: ZId.nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const listAuditProcedure = tenantProcedure
  .meta({ permission: "audit:read" })
  .input(ZListAuditRequest)
  .output(ZAuditPage)
  .query(({ ctx, input }) => listAudit({ tenantId: ctx.tenantId, ...input, before: input.cursor ?? undefined }));
