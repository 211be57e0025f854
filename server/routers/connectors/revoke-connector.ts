import { z } from "zod";
import { deleteConnectorSecrets } from "../../services/clusters/delete-connector-secrets";
import { revokeConnector } from "../../services/connectors/revoke-connector";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZRevokedConnector } from "./schemas";

export const ZRevokeConnectorRequest = z.object({ connectorId: ZId });

/**
 * Revokes the connector (committed with its audit entry first), then deletes its
 * git credential Secrets from every cluster of the workspace, outside any transaction.
 */
export const revokeConnectorProcedure = tenantProcedure
  .meta({ permission: "integrations:manage", transaction: "explicit" })
  .input(ZRevokeConnectorRequest)
  .output(ZRevokedConnector)
  .mutation(async ({ ctx, input }) => {
    const connector = await ctx.inTransaction(() => revokeConnector({ tenantId: ctx.tenantId, ...input }));
    const secrets = await deleteConnectorSecrets({ tenantId: ctx.tenantId, connectorId: input.connectorId, env: ctx.env });
    return { ...connector, secrets };
  });
