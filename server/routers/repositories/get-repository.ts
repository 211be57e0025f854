import { z } from "zod";
import { getRepository } from "../../services/repositories/get-repository";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRepositoryWithScan } from "./schemas";

export const ZGetRepositoryRequest = z.object({ repositoryId: ZId });

export const getRepositoryProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetRepositoryRequest)
  .output(ZRepositoryWithScan)
  .query(async ({ ctx, input }) => {
    const { cloneUrl: _cloneUrl, ...repo } = await getRepository({ tenantId: ctx.tenantId, ...input });
    return repo;
  });
