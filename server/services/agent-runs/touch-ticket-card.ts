import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { commitBoardChange } from "../projects/lock-board";

/** Tells the ticket's board its card changed (the latest run's status, cost or pull request). */
export async function touchTicketCard(tx: Transaction, options: { tenantId: number; ticketId: number }) {
  const [ticket] = await tx
    .select({ boardId: tickets.boardId })
    .from(tickets)
    .where(and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId)));
  if (ticket) await commitBoardChange(tx, { ...options, boardId: ticket.boardId, kind: "updated", actorId: null });
}
