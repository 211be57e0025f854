import { z } from "zod";
import { getConnector } from "../../services/connectors/get-connector";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZConnector } from "./schemas";

export const ZGetConnectorRequest = z.object({ connectorId: ZId });

export const getConnectorProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetConnectorRequest)
  .output(ZConnector)
  .query(({ ctx, input }) => getConnector({ tenantId: ctx.tenantId, ...input }));
