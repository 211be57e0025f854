import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { commitBoardChange } from "../projects/lock-board";
import { lockTicket } from "./lock-ticket";

/** Deletes a ticket for good, with its comments and history. Its number is not reused. */
export async function deleteTicket(options: { tenantId: number; userId: number; ticketId: number }) {
  await db.transaction(async (tx) => {
    const { ticket, board } = await lockTicket(tx, options);
    await tx.delete(tickets).where(eq(tickets.id, ticket.id));
    await commitBoardChange(tx, {
      tenantId: options.tenantId,
      boardId: board.id,
      ticketId: ticket.id,
      kind: "deleted",
      actorId: options.userId,
    });
  });
  return { id: options.ticketId };
}
