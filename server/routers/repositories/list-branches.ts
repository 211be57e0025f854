import { z } from "zod";
import { listBranches } from "../../services/repositories/list-branches";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListBranchesRequest = z.object({ repositoryId: ZId });

export const ZListBranchesResponse = z.array(z.object({ name: z.string(), sha: z.string() }));

export const listBranchesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListBranchesRequest)
  .output(ZListBranchesResponse)
  .query(({ ctx, input }) => listBranches({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
