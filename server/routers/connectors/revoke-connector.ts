import { z } from "zod";
import { deleteConnectorSecrets } from "../../services/clusters/delete-connector-secrets";
import { revokeConnector } from "../../services/connectors/revoke-connector";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZRevokeConnectorRequest = z.object({ connectorId: ZId });

/** Revokes the connector and deletes its git credential Secrets from every cluster of the workspace. */
export const revokeConnectorProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZRevokeConnectorRequest)
  .mutation(async ({ ctx, input }) => {
    const connector = await revokeConnector({ tenantId: ctx.tenantId, ...input });
    const secrets = await deleteConnectorSecrets({ tenantId: ctx.tenantId, connectorId: input.connectorId, env: ctx.env });
    return { ...connector, secrets };
  });
