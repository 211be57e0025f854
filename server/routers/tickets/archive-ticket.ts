import { z } from "zod";
import { archiveTicket } from "../../services/tickets/archive-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";
import { ZTicketCard } from "./schemas";

export const ZArchiveTicketRequest = z.object({ ticketId: ZId, archived: z.boolean().default(true) });

export const archiveTicketProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZArchiveTicketRequest)
  .output(ZTicketCard)
  .mutation(({ ctx, input }) => archiveTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
