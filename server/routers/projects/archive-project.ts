import { z } from "zod";
import { updateProject } from "../../services/projects/update-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZProjectRow } from "./schemas";

export const ZArchiveProjectRequest = z.object({ projectId: ZId, archived: z.boolean().default(true) });

export const archiveProjectProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZArchiveProjectRequest)
  .output(ZProjectRow)
  .mutation(({ ctx, input }) => updateProject({ tenantId: ctx.tenantId, projectId: input.projectId, archived: input.archived }));
