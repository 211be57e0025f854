import { z } from "zod";
import { addComment } from "../../services/tickets/add-comment";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZMarkdown } from "../schemas";

export const ZAddCommentRequest = z.object({ ticketId: ZId, bodyMd: ZMarkdown.trim().min(1, "Comment cannot be empty.") });

export const ZAddCommentResponse = z.object({
  id: z.number(),
  tenantId: z.number(),
  ticketId: z.number(),
  authorId: z.number().nullable(),
  bodyMd: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const addCommentProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZAddCommentRequest)
  .output(ZAddCommentResponse)
  .mutation(({ ctx, input }) => addComment({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
