import { z } from "zod";
import { listRepositoryConfigs } from "../../services/repositories/list-repository-configs";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListRepositoryConfigsRequest = z.object({ repositoryId: ZId });

export const ZListRepositoryConfigsResponse = z.array(
  z.object({ path: z.string(), kind: z.string(), detected: z.record(z.string(), z.unknown()), scannedAt: z.date() }),
);

export const listRepositoryConfigsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListRepositoryConfigsRequest)
  .output(ZListRepositoryConfigsResponse)
  .query(({ ctx, input }) => listRepositoryConfigs({ tenantId: ctx.tenantId, ...input }));
