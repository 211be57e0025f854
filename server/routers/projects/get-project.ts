import { getProject } from "../../services/projects/get-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZProjectRef } from "../schemas";
import { ZProjectWithBoard } from "./schemas";

export const getProjectProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZProjectRef)
  .output(ZProjectWithBoard)
  .query(({ ctx, input }) => getProject({ tenantId: ctx.tenantId, ...input }));
