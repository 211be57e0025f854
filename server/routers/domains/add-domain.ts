import { z } from "zod";
import { addDomain } from "../../services/domains/add-domain";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZDomain } from "./schemas";

export const ZAddDomainRequest = z.object({ domain: z.string().trim().min(3).max(253), previewId: ZId });

export const addDomainProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZAddDomainRequest)
  .output(ZDomain)
  .mutation(({ ctx, input }) => addDomain({ tenantId: ctx.tenantId, ...input }));
