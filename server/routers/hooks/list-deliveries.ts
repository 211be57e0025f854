import { z } from "zod";
import { listDeliveries } from "../../services/hooks/list-deliveries";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListDeliveriesRequest = z.object({ hookId: ZId });

export const listDeliveriesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZListDeliveriesRequest)
  .query(({ ctx, input }) => listDeliveries({ tenantId: ctx.tenantId, ...input }));
