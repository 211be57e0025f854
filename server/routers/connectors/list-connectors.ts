import { z } from "zod";
import { listConnectors } from "../../services/connectors/list-connectors";
import { tenantProcedure } from "../../trpc/procedures";
import { ZConnector } from "./schemas";

export const listConnectorsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .output(z.array(ZConnector))
  .query(({ ctx }) => listConnectors({ tenantId: ctx.tenantId }));
