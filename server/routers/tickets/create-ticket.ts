import { z } from "zod";
import { createTicket } from "../../services/tickets/create-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId, ZLabels, ZMarkdown, ZPriority, ZTitle } from "../schemas";
import { ZTicketCard } from "./schemas";

export const ZCreateTicketRequest = z.object({
  projectId: ZId,
  title: ZTitle,
  descriptionMd: ZMarkdown.optional(),
  columnKey: ZColumnKey.optional(),
  priority: ZPriority.optional(),
  assigneeId: ZId.nullable().optional(),
  labels: ZLabels.optional(),
});

export const createTicketProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZCreateTicketRequest)
  .output(ZTicketCard)
  .mutation(({ ctx, input }) => createTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
