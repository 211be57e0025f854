import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { boardEvents, projects, tickets, users } from "../../../db/schema";
import { ticketCardColumns, type TicketCard } from "../tickets/ticket-card";

/**
 * Board events after a cursor, each with the ticket's card as it is now (null
 * when deleted), so a live board applies them without another request.
 */
export async function listBoardEvents(options: { tenantId: number; boardId: number; afterId: number | null; limit: number }) {
  const rows = await db
    .select({ eventId: boardEvents.id, eventKind: boardEvents.kind, eventTicketId: boardEvents.ticketId, ...ticketCardColumns })
    .from(boardEvents)
    .leftJoin(tickets, eq(tickets.id, boardEvents.ticketId))
    .leftJoin(projects, eq(projects.id, tickets.projectId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(
      and(
        eq(boardEvents.boardId, options.boardId),
        eq(boardEvents.tenantId, options.tenantId),
        options.afterId === null ? undefined : gt(boardEvents.id, options.afterId),
      ),
    )
    .orderBy(asc(boardEvents.id))
    .limit(options.limit);
  return rows.map(({ eventId, eventKind, eventTicketId, ...card }) => ({
    id: eventId,
    kind: eventKind,
    ticketId: eventTicketId,
    card: card.id === null ? null : (card as TicketCard),
  }));
}
