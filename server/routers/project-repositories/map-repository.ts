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

export const ZMapRepositoryResponse = z.object({
  id: z.number(),
  tenantId: z.number(),
  projectId: z.number(),
  repositoryId: z.number(),
  role: z.enum(["primary", "uatBranch", "prodBranch", "secondary"]),
  branch: z.string().nullable(),
  createdAt: z.date(),
});

export const mapRepositoryProcedure = tenantProcedure
  .meta({ permission: "projects:manage" })
  .input(ZMapRepositoryRequest)
  .output(ZMapRepositoryResponse)
  .mutation(({ ctx, input }) => mapRepositoryToProject({ tenantId: ctx.tenantId, ...input }));
