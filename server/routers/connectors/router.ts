import { z } from "zod";
import { getEnv } from "../../env.server";
import { createConnector, getConnector, listConnectors, revokeConnector } from "../../services/connectors/connectors";
import { importRepositories, listConnectorRepositories } from "../../services/repositories/repositories";
import { repositoryScanJob } from "../../../jobs/repository-scan";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { deleteConnectorSecrets } from "../../services/clusters/clusters";
import { router, tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

const ZToken = z
  .string()
  .trim()
  .min(20, "That does not look like a GitHub token.")
  .max(255, "That does not look like a GitHub token.")
  .regex(/^[A-Za-z0-9_]+$/, "A GitHub token has only letters, digits and underscores.");

/** GitHub connectors: a token (OAuth or personal access token), checked on creation, sealed at rest, never returned. */
export const connectorsRouter = router({
  create: tenantProcedure
    .input(z.object({ kind: z.enum(["oauth", "pat"]).default("pat"), token: ZToken, name: z.string().trim().max(80).optional() }))
    .mutation(({ ctx, input }) => createConnector({ tenantId: ctx.tenantId, userId: ctx.userId, env: getEnv(), ...input })),
  list: tenantProcedure.query(({ ctx }) => listConnectors({ tenantId: ctx.tenantId })),
  get: tenantProcedure
    .input(z.object({ connectorId: ZId }))
    .query(({ ctx, input }) => getConnector({ tenantId: ctx.tenantId, ...input })),
  /** Revokes the connector and deletes its git credential Secrets from every cluster of the workspace. */
  revoke: tenantProcedure.input(z.object({ connectorId: ZId })).mutation(async ({ ctx, input }) => {
    const connector = await revokeConnector({ tenantId: ctx.tenantId, ...input });
    const secrets = await deleteConnectorSecrets({ tenantId: ctx.tenantId, connectorId: input.connectorId, env: getEnv() });
    return { ...connector, secrets };
  }),
  /** The repositories the connector's token can see, a page at a time. */
  repos: tenantProcedure
    .input(
      z.object({
        connectorId: ZId,
        page: z.number().int().min(1).max(1000).default(1),
        perPage: z.number().int().min(1).max(100).default(30),
      }),
    )
    .query(({ ctx, input }) => listConnectorRepositories({ tenantId: ctx.tenantId, env: getEnv(), ...input })),
  /** Imports repositories and queues a config scan for each. */
  import: tenantProcedure
    .input(
      z.object({
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
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const imported = await importRepositories({ tenantId: ctx.tenantId, env: getEnv(), ...input });
      for (const repo of imported) await sendJob(getBoss(), repositoryScanJob, { tenantId: ctx.tenantId, repositoryId: repo.id });
      return imported;
    }),
});
