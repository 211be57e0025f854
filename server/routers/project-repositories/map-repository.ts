import { z } from "zod";
import { mapRepositoryToProject } from "../../services/repositories/map-repository-to-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZMapRepositoryRequest = z.object({
  projectId: ZId,
  repositoryId: ZId,
  role: z.enum(["primary", "uatBranch", "prodBranch", "secondary"]).default("primary"),
  branch: z.string().trim().min(1).max(250).nullish(),
});

export const mapRepositoryProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZMapRepositoryRequest)
  .mutation(({ ctx, input }) => mapRepositoryToProject({ tenantId: ctx.tenantId, ...input }));
