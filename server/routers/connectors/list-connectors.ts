import { listConnectors } from "../../services/connectors/list-connectors";
import { tenantProcedure } from "../../trpc/procedures";

export const listConnectorsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .query(({ ctx }) => listConnectors({ tenantId: ctx.tenantId }));
