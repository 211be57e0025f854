import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { notFound } from "../../errors";
import { lockBoard } from "../projects/lock-board";

/** Loads a ticket of this tenant and locks its board (then the ticket) for the transaction. */
export async function lockTicket(tx: Transaction, options: { tenantId: number; ticketId: number }) {
  const [found] = await tx
    .select({ boardId: tickets.boardId })
    .from(tickets)
    .where(and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId)));
  if (!found) throw notFound("Ticket");
  const board = await lockBoard(tx, { tenantId: options.tenantId, boardId: found.boardId });
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, options.ticketId)).for("update");
  if (!ticket) throw notFound("Ticket");
  return { ticket, board };
}
