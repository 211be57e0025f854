import { z } from "zod";
import { removeDomain } from "../../services/domains/remove-domain";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZRemoveDomainRequest = z.object({ domainId: ZId });

export const removeDomainProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZRemoveDomainRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => removeDomain({ tenantId: ctx.tenantId, ...input }));
