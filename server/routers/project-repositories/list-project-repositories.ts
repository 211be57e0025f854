import { z } from "zod";
import { listProjectRepositories } from "../../services/repositories/list-project-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListProjectRepositoriesRequest = z.object({ projectId: ZId });

export const listProjectRepositoriesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListProjectRepositoriesRequest)
  .query(({ ctx, input }) => listProjectRepositories({ tenantId: ctx.tenantId, ...input }));
