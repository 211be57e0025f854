import { z } from "zod";
import { listProjectRepositories } from "../../services/repositories/list-project-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRepository } from "../repositories/schemas";

export const ZListProjectRepositoriesRequest = z.object({ projectId: ZId });

export const ZListProjectRepositoriesResponse = z.array(
  z.object({
    id: z.number(),
    role: z.enum(["primary", "uatBranch", "prodBranch", "secondary"]),
    branch: z.string().nullable(),
    repository: ZRepository,
  }),
);

export const listProjectRepositoriesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListProjectRepositoriesRequest)
  .output(ZListProjectRepositoriesResponse)
  .query(({ ctx, input }) => listProjectRepositories({ tenantId: ctx.tenantId, ...input }));
