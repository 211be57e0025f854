import { z } from "zod";
import { unmapRepository } from "../../services/repositories/unmap-repository";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZUnmapRepositoryRequest = z.object({ mappingId: ZId });

export const unmapRepositoryProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUnmapRepositoryRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => unmapRepository({ tenantId: ctx.tenantId, ...input }));
