import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { AppError } from "../../errors";
import { commitBoardChange } from "../projects/lock-board";
import { assertMember } from "../tenants/assert-member";
import { lockTicket, retryOnRankCollision } from "./lock-ticket";
import { findColumn, rankInColumn } from "./place-in-column";
import { recordTicketActivity } from "./ticket-activity";
import { getTicketCard } from "./ticket-card";

type Priority = "urgent" | "high" | "medium" | "low";

/**
 * Edits a ticket's fields. A new `columnKey` moves it to the top of that column.
 * History records what changed: `edited` (with the field names), `assigned`, `moved`.
 */
export async function updateTicket(options: {
  tenantId: number;
  userId: number;
  ticketId: number;
  title?: string;
  descriptionMd?: string;
  priority?: Priority;
  /** null unassigns. */
  assigneeId?: number | null;
  labels?: string[];
  columnKey?: string;
}) {
  return retryOnRankCollision(() =>
    db.transaction(async (tx) => {
      const { ticket, board } = await lockTicket(tx, { tenantId: options.tenantId, ticketId: options.ticketId });
      if (ticket.archivedAt) throw new AppError("BAD_REQUEST", "Archived tickets cannot be edited; restore it first.");
      const changes: Partial<typeof tickets.$inferInsert> = {};
      const edited: string[] = [];
      if (options.title !== undefined && options.title !== ticket.title) {
        changes.title = options.title;
        edited.push("title");
      }
      if (options.descriptionMd !== undefined && options.descriptionMd !== ticket.descriptionMd) {
        changes.descriptionMd = options.descriptionMd;
        edited.push("description");
      }
      if (options.priority !== undefined && options.priority !== ticket.priority) {
        changes.priority = options.priority;
        edited.push("priority");
      }
      if (options.labels !== undefined && JSON.stringify(options.labels) !== JSON.stringify(ticket.labels)) {
        changes.labels = options.labels;
        edited.push("labels");
      }
      const reassigned = options.assigneeId !== undefined && options.assigneeId !== ticket.assigneeId;
      if (reassigned) {
        if (options.assigneeId !== null) await assertMember(tx, { tenantId: options.tenantId, userId: options.assigneeId! });
        changes.assigneeId = options.assigneeId;
      }
      const moved = options.columnKey !== undefined && options.columnKey !== ticket.columnKey;
      if (moved) {
        const column = findColumn(board.columnsJson, options.columnKey!);
        changes.columnKey = column.key;
        changes.status = column.key;
        changes.rank = await rankInColumn(tx, {
          boardId: board.id,
          columnKey: column.key,
          afterTicketId: null,
          movingTicketId: ticket.id,
        });
      }
      if (Object.keys(changes).length === 0)
        return (await getTicketCard(tx, { tenantId: options.tenantId, ticketId: ticket.id }))!;

      await tx.update(tickets).set(changes).where(eq(tickets.id, ticket.id));
      const base = { tenantId: options.tenantId, ticketId: ticket.id, actorId: options.userId };
      if (edited.length > 0) await recordTicketActivity(tx, { ...base, kind: "edited", data: { fields: edited } });
      if (reassigned)
        await recordTicketActivity(tx, { ...base, kind: "assigned", data: { from: ticket.assigneeId, to: options.assigneeId } });
      if (moved)
        await recordTicketActivity(tx, { ...base, kind: "moved", data: { from: ticket.columnKey, to: options.columnKey } });
      const card = (await getTicketCard(tx, { tenantId: options.tenantId, ticketId: ticket.id }))!;
      await commitBoardChange(tx, {
        tenantId: options.tenantId,
        boardId: board.id,
        ticketId: ticket.id,
        kind: "updated",
        actorId: options.userId,
        landedIn: { columnKey: card.columnKey, enforceWipLimit: moved },
      });
      return card;
    }),
  );
}
