import { z } from "zod";
import { deleteTicket } from "../../services/tickets/delete-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZIdResponse } from "../schemas";

export const ZDeleteTicketRequest = z.object({ ticketId: ZId });

export const deleteTicketProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZDeleteTicketRequest)
  .output(ZIdResponse)
  .mutation(({ ctx, input }) => deleteTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
