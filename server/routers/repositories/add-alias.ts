import { z } from "zod";
import { addRepositoryAlias } from "../../services/repositories/add-repository-alias";
import { tenantProcedure } from "../../trpc/procedures";
import { ZAlias, ZId } from "../schemas";

export const ZAddAliasRequest = z.object({ repositoryId: ZId, alias: ZAlias });

export const addAliasProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZAddAliasRequest)
  .mutation(({ ctx, input }) => addRepositoryAlias({ tenantId: ctx.tenantId, ...input }));
