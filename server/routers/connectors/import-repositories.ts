import { z } from "zod";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { repositoryScanJob } from "../../../jobs/repository-scan";
import { importRepositories } from "../../services/repositories/import-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZImportRepositoriesRequest = z.object({
  connectorId: ZId,
  fullNames: z
    .array(
      z
        .string()
        .trim()
        .regex(/^[\w.-]+\/[\w.-]+$/, "Repositories are named owner/name."),
    )
    .min(1, "Pick at least one repository.")
    .max(100),
});

/** Imports repositories and queues a config scan for each. */
export const importRepositoriesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZImportRepositoriesRequest)
  .mutation(async ({ ctx, input }) => {
    const imported = await importRepositories({ tenantId: ctx.tenantId, env: ctx.env, ...input });
    for (const repo of imported) await sendJob(getBoss(), repositoryScanJob, { tenantId: ctx.tenantId, repositoryId: repo.id });
    return imported;
  });
