import { z } from "zod";
import { addComment } from "../../services/tickets/add-comment";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZMarkdown } from "../schemas";

export const ZAddCommentRequest = z.object({ ticketId: ZId, bodyMd: ZMarkdown.trim().min(1, "Comment cannot be empty.") });

export const addCommentProcedure = tenantProcedure
  .meta({ permission: "tickets:write" })
  .input(ZAddCommentRequest)
  .mutation(({ ctx, input }) => addComment({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
