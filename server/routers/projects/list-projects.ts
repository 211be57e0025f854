import { z } from "zod";
import { listProjects } from "../../services/projects/list-projects";
import { tenantProcedure } from "../../trpc/procedures";

export const ZListProjectsRequest = z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });

export const listProjectsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListProjectsRequest)
  .query(({ ctx, input }) => listProjects({ tenantId: ctx.tenantId, includeArchived: input.includeArchived }));
