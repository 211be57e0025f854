import { z } from "zod";
import { listDeliveries } from "../../services/hooks/list-deliveries";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZListDeliveriesRequest = z.object({ hookId: ZId });

export const ZListDeliveriesResponse = z.array(
  z.object({
    id: z.number(),
    tenantId: z.number(),
    hookId: z.number(),
    event: z.string(),
    /** The event's data, as sent. */
    payload: z.record(z.string(), z.unknown()),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number(),
    responseStatus: z.number().nullable(),
    responseBodyExcerpt: z.string().nullable(),
    error: z.string().nullable(),
    deliveredAt: z.date().nullable(),
    createdAt: z.date(),
  }),
);

export const listDeliveriesProcedure = tenantProcedure
  .meta({ permission: "integrations:manage" })
  .input(ZListDeliveriesRequest)
  .output(ZListDeliveriesResponse)
  .query(({ ctx, input }) => listDeliveries({ tenantId: ctx.tenantId, ...input }));
