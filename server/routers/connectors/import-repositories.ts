import { z } from "zod";
import { importRepositories } from "../../services/repositories/import-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRepository } from "../repositories/schemas";

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

/** Reads the repositories from GitHub, then stores them with a config scan queued for each. */
export const importRepositoriesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZImportRepositoriesRequest)
  .output(z.array(ZRepository))
  .mutation(({ ctx, input }) =>
    importRepositories({ tenantId: ctx.tenantId, env: ctx.env, ...input, commit: ctx.inTransaction }),
  );
