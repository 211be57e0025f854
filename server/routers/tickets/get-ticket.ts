import { z } from "zod";
import { getTicket } from "../../services/tickets/get-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZGetTicketRequest = z.union([z.object({ ticketId: ZId }), z.object({ key: z.string().trim().min(3).max(24) })]);

export const getTicketProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZGetTicketRequest)
  .query(({ ctx, input }) => getTicket({ tenantId: ctx.tenantId, ...input }));
