import { z } from "zod";
import { removeRepositoryAlias } from "../../services/repositories/remove-repository-alias";
import { tenantProcedure } from "../../trpc/procedures";
import { ZAlias, ZId, ZOkResponse } from "../schemas";

export const ZRemoveAliasRequest = z.object({ repositoryId: ZId, alias: ZAlias });

export const removeAliasProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZRemoveAliasRequest)
  .output(ZOkResponse)
  .mutation(({ ctx, input }) => removeRepositoryAlias({ tenantId: ctx.tenantId, ...input }));
