import { db } from "../../../db/client";
import { ticketComments } from "../../../db/schema";
import { commitBoardChange } from "../projects/lock-board";
import { lockTicket } from "./lock-ticket";
import { recordTicketActivity } from "./ticket-activity";

export async function addComment(options: { tenantId: number; userId: number; ticketId: number; bodyMd: string }) {
  return db.transaction(async (tx) => {
    const { ticket, board } = await lockTicket(tx, options);
    const [comment] = await tx
      .insert(ticketComments)
      .values({ tenantId: options.tenantId, ticketId: ticket.id, authorId: options.userId, bodyMd: options.bodyMd })
      .returning();
    await recordTicketActivity(tx, {
      tenantId: options.tenantId,
      ticketId: ticket.id,
      actorId: options.userId,
      kind: "commented",
      data: { commentId: comment!.id },
    });
    await commitBoardChange(tx, {
      tenantId: options.tenantId,
      boardId: board.id,
      ticketId: ticket.id,
      kind: "commented",
      actorId: options.userId,
    });
    return comment!;
  });
}
