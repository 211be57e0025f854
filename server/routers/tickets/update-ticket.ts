import { z } from "zod";
import { updateTicket } from "../../services/tickets/update-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId, ZLabels, ZMarkdown, ZPriority, ZTitle } from "../schemas";
import { ZTicketCard } from "./schemas";

export const ZUpdateTicketRequest = z.object({
  ticketId: ZId,
  title: ZTitle.optional(),
  descriptionMd: ZMarkdown.optional(),
  priority: ZPriority.optional(),
  assigneeId: ZId.nullable().optional(),
  labels: ZLabels.optional(),
  columnKey: ZColumnKey.optional(),
});

export const updateTicketProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZUpdateTicketRequest)
  .output(ZTicketCard)
  .mutation(({ ctx, input }) => updateTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
