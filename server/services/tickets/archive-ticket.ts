import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { commitBoardChange } from "../projects/lock-board";
import { lockTicket, retryOnRankCollision } from "./lock-ticket";
import { rankInColumn } from "./place-in-column";
import { recordTicketActivity } from "./ticket-activity";
import { getTicketCard } from "./ticket-card";

/**
 * Archives a ticket (it leaves the board, keeps its key and history) or restores
 * it to the top of its column — or of the first column if its own was deleted.
 */
export async function archiveTicket(options: { tenantId: number; userId: number; ticketId: number; archived: boolean }) {
  return retryOnRankCollision(() =>
    db.transaction(async (tx) => {
      const { ticket, board } = await lockTicket(tx, { tenantId: options.tenantId, ticketId: options.ticketId });
      if (Boolean(ticket.archivedAt) === options.archived) return (await getTicketCard(tx, options))!;
      if (options.archived) {
        await tx.update(tickets).set({ archivedAt: new Date() }).where(eq(tickets.id, ticket.id));
      } else {
        const columnKey = board.columnsJson.some((c) => c.key === ticket.columnKey)
          ? ticket.columnKey
          : board.columnsJson[0]!.key;
        const rank = await rankInColumn(tx, { boardId: board.id, columnKey, afterTicketId: null, movingTicketId: ticket.id });
        await tx.update(tickets).set({ archivedAt: null, columnKey, status: columnKey, rank }).where(eq(tickets.id, ticket.id));
      }
      const kind = options.archived ? "archived" : "restored";
      await recordTicketActivity(tx, { tenantId: options.tenantId, ticketId: ticket.id, actorId: options.userId, kind });
      const card = (await getTicketCard(tx, options))!;
      await commitBoardChange(tx, {
        tenantId: options.tenantId,
        boardId: board.id,
        ticketId: ticket.id,
        kind,
        actorId: options.userId,
        landedIn: options.archived ? undefined : { columnKey: card.columnKey, enforceWipLimit: true },
      });
      return card;
    }),
  );
}
