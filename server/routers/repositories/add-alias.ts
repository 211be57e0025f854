import { z } from "zod";
import { addRepositoryAlias } from "../../services/repositories/add-repository-alias";
import { tenantProcedure } from "../../trpc/procedures";
import { ZAlias, ZId } from "../schemas";

export const ZAddAliasRequest = z.object({ repositoryId: ZId, alias: ZAlias });

export const ZAddAliasResponse = z.object({
  id: z.number(),
  tenantId: z.number(),
  repositoryId: z.number(),
  alias: z.string(),
  createdAt: z.date(),
});

export const addAliasProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZAddAliasRequest)
  .output(ZAddAliasResponse)
  .mutation(({ ctx, input }) => addRepositoryAlias({ tenantId: ctx.tenantId, ...input }));
