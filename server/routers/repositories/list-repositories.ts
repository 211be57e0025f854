import { listRepositories } from "../../services/repositories/list-repositories";
import { tenantProcedure } from "../../trpc/procedures";

export const listRepositoriesProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listRepositories({ tenantId: ctx.tenantId }));
