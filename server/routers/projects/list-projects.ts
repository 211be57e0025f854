import { z } from "zod";
import { listProjects } from "../../services/projects/list-projects";
import { tenantProcedure } from "../../trpc/procedures";

export const ZListProjectsRequest = z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false });

export const ZListProjectsResponse = z.array(
  z.object({
    id: z.number(),
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    archivedAt: z.date().nullable(),
    createdAt: z.date(),
    ticketCount: z.number(),
  }),
);

export const listProjectsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZListProjectsRequest)
  .output(ZListProjectsResponse)
  .query(({ ctx, input }) => listProjects({ tenantId: ctx.tenantId, includeArchived: input.includeArchived }));
