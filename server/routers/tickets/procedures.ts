import { z } from "zod";
import { addComment } from "../../services/tickets/add-comment";
import { archiveTicket } from "../../services/tickets/archive-ticket";
import { createTicket } from "../../services/tickets/create-ticket";
import { deleteTicket } from "../../services/tickets/delete-ticket";
import { getTicket } from "../../services/tickets/get-ticket";
import { moveTicket } from "../../services/tickets/move-ticket";
import { updateTicket } from "../../services/tickets/update-ticket";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId, ZLabels, ZMarkdown, ZPriority, ZTitle } from "../schemas";

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
  .input(ZCreateTicketRequest)
  .mutation(({ ctx, input }) => createTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const getTicketProcedure = tenantProcedure
  .input(z.union([z.object({ ticketId: ZId }), z.object({ key: z.string().trim().min(3).max(24) })]))
  .query(({ ctx, input }) => getTicket({ tenantId: ctx.tenantId, ...input }));

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
  .input(ZUpdateTicketRequest)
  .mutation(({ ctx, input }) => updateTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const ZMoveTicketRequest = z.object({
  ticketId: ZId,
  toColumnKey: ZColumnKey,
  /** The ticket it should follow in the target column; null puts it at the top. */
  afterTicketId: ZId.nullable(),
});
export const moveTicketProcedure = tenantProcedure.input(ZMoveTicketRequest).mutation(({ ctx, input }) =>
  moveTicket({
    tenantId: ctx.tenantId,
    userId: ctx.userId,
    ...input,
    audit: { userId: ctx.userId, apiKeyId: ctx.identity.apiKeyId ?? null, requestId: ctx.requestId },
  }),
);

export const archiveTicketProcedure = tenantProcedure
  .input(z.object({ ticketId: ZId, archived: z.boolean().default(true) }))
  .mutation(({ ctx, input }) => archiveTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const deleteTicketProcedure = tenantProcedure
  .input(z.object({ ticketId: ZId }))
  .mutation(({ ctx, input }) => deleteTicket({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const addCommentProcedure = tenantProcedure
  .input(z.object({ ticketId: ZId, bodyMd: ZMarkdown.trim().min(1, "Comment cannot be empty.") }))
  .mutation(({ ctx, input }) => addComment({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
