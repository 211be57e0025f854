import { z } from "zod";
import { listConnectorRepositories } from "../../services/repositories/list-connector-repositories";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZConnectorRepositoryPage } from "./schemas";

export const ZListConnectorRepositoriesRequest = z.object({
  connectorId: ZId,
  page: z.number().int().min(1).max(1000).default(1),
  perPage: z.number().int().min(1).max(100).default(30),
});

/** The repositories the connector's token can see, a page at a time. */
export const listConnectorRepositoriesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZListConnectorRepositoriesRequest)
  .output(ZConnectorRepositoryPage)
  .query(({ ctx, input }) => listConnectorRepositories({ tenantId: ctx.tenantId, env: ctx.env, ...input }));
