import { z } from "zod";
import { getEnv } from "../../env.server";
import { repositoryScanJob } from "../../../jobs/repository-scan";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import {
  addRepositoryAlias,
  fileContent,
  fileTree,
  getRepository,
  listBranches,
  listProjectRepositories,
  listRepositories,
  listRepositoryConfigs,
  mapRepositoryToProject,
  removeRepositoryAlias,
  unmapRepository,
} from "../../services/repositories/repositories";
import { setupRepositoryWebhook } from "../../services/webhooks/setup-webhook";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId, zBranchName } from "../schemas";

const ZRef = zBranchName("Not a valid branch or ref name.").optional();
const ZPath = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .refine((path) => !path.split("/").includes(".."), "Paths cannot contain '..'.");
const ZAlias = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "Aliases are 1–40 letters, digits, '.', '_' or '-'.");

export const repositoriesRouter = router({
  list: tenantProcedure.query(({ ctx }) => listRepositories({ tenantId: ctx.tenantId })),
  get: tenantProcedure.input(z.object({ repositoryId: ZId })).query(async ({ ctx, input }) => {
    const { cloneUrl: _cloneUrl, ...repo } = await getRepository({ tenantId: ctx.tenantId, ...input });
    return repo;
  }),
  branches: tenantProcedure
    .input(z.object({ repositoryId: ZId }))
    .query(({ ctx, input }) => listBranches({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  fileTree: tenantProcedure
    .input(z.object({ repositoryId: ZId, ref: ZRef }))
    .query(({ ctx, input }) => fileTree({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  file: tenantProcedure
    .input(z.object({ repositoryId: ZId, ref: ZRef, path: ZPath }))
    .query(({ ctx, input }) => fileContent({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  configs: tenantProcedure
    .input(z.object({ repositoryId: ZId }))
    .query(({ ctx, input }) => listRepositoryConfigs({ tenantId: ctx.tenantId, ...input })),
  scanConfigs: tenantProcedure.input(z.object({ repositoryId: ZId })).mutation(async ({ ctx, input }) => {
    await getRepository({ tenantId: ctx.tenantId, ...input });
    await sendJob(getBoss(), repositoryScanJob, { tenantId: ctx.tenantId, repositoryId: input.repositoryId });
    return { queued: true };
  }),
  setupWebhook: tenantProcedure
    .input(z.object({ repositoryId: ZId }))
    .mutation(({ ctx, input }) => setupRepositoryWebhook({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  addAlias: tenantProcedure
    .input(z.object({ repositoryId: ZId, alias: ZAlias }))
    .mutation(({ ctx, input }) => addRepositoryAlias({ tenantId: ctx.tenantId, ...input })),
  removeAlias: tenantProcedure
    .input(z.object({ repositoryId: ZId, alias: ZAlias }))
    .mutation(({ ctx, input }) => removeRepositoryAlias({ tenantId: ctx.tenantId, ...input })),
});

export const projectRepositoriesRouter = router({
  list: tenantProcedure
    .input(z.object({ projectId: ZId }))
    .query(({ ctx, input }) => listProjectRepositories({ tenantId: ctx.tenantId, ...input })),
  add: tenantProcedure
    .input(
      z.object({
        projectId: ZId,
        repositoryId: ZId,
        role: z.enum(["primary", "uatBranch", "prodBranch", "secondary"]).default("primary"),
        branch: z.string().trim().min(1).max(250).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => mapRepositoryToProject({ tenantId: ctx.tenantId, ...input })),
  remove: tenantProcedure
    .input(z.object({ mappingId: ZId }))
    .mutation(({ ctx, input }) => unmapRepository({ tenantId: ctx.tenantId, ...input })),
});
