import { z } from "zod";
import { createProject } from "../../services/projects/create-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZMarkdown, ZProjectKey, ZProjectName } from "../schemas";
import { ZProjectWithBoard } from "./schemas";

export const ZCreateProjectRequest = z.object({ name: ZProjectName, key: ZProjectKey, description: ZMarkdown.optional() });

export const createProjectProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZCreateProjectRequest)
  .output(ZProjectWithBoard)
  .mutation(({ ctx, input }) => createProject({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
