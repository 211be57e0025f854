import { z } from "zod";
import { updateProject } from "../../services/projects/update-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZMarkdown, ZProjectName } from "../schemas";
import { ZProjectRow } from "./schemas";

export const ZUpdateProjectRequest = z.object({
  projectId: ZId,
  name: ZProjectName.optional(),
  description: ZMarkdown.nullable().optional(),
});

export const updateProjectProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZUpdateProjectRequest)
  .output(ZProjectRow)
  .mutation(({ ctx, input }) => updateProject({ tenantId: ctx.tenantId, ...input }));
