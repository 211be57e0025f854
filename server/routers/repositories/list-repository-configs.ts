import { z } from "zod";
import { listRepositoryConfigs } from "../../services/repositories/list-repository-configs";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListRepositoryConfigsRequest = z.object({ repositoryId: ZId });

export const listRepositoryConfigsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListRepositoryConfigsRequest)
  .query(({ ctx, input }) => listRepositoryConfigs({ tenantId: ctx.tenantId, ...input }));
