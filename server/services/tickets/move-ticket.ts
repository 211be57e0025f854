import { eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { AppError } from "../../errors";
import { writeAudit, type AuditActor } from "../audit/audit";
import { emitHookEvent } from "../hooks/hooks";
import { commitBoardChange } from "../projects/lock-board";
import { lockTicket, retryOnRankCollision } from "./lock-ticket";
import { findColumn, rankInColumn } from "./place-in-column";
import { recordTicketActivity } from "./ticket-activity";
import { getTicketCard } from "./ticket-card";

/**
 * Moves a ticket to a column, right after `afterTicketId` (top when null). Only
 * the moved ticket's rank changes; a unique index on (board, column, rank)
 * guarantees no two tickets ever share a position, whatever runs concurrently.
 */
export async function moveTicket(options: {
  tenantId: number;
  /** Null when the system moves it (a merged pull request). */
  userId: number | null;
  ticketId: number;
  toColumnKey: string;
  afterTicketId: number | null;
  /** From the API: the move writes its own audit entry in its transaction (one transaction per move). */
  audit?: AuditActor;
}) {
  return retryOnRankCollision(() =>
    db.transaction(async (tx) => {
      const { ticket, board } = await lockTicket(tx, { tenantId: options.tenantId, ticketId: options.ticketId });
      if (ticket.archivedAt) throw new AppError("BAD_REQUEST", "Archived tickets cannot be moved; restore it first.");
      if (options.afterTicketId === ticket.id) throw new AppError("BAD_REQUEST", "A ticket cannot be placed after itself.");
      const column = findColumn(board.columnsJson, options.toColumnKey);
      const changesColumn = column.key !== ticket.columnKey;
      const rank = await rankInColumn(tx, {
        boardId: board.id,
        columnKey: column.key,
        afterTicketId: options.afterTicketId,
        movingTicketId: ticket.id,
      });
      await tx.update(tickets).set({ columnKey: column.key, status: column.key, rank }).where(eq(tickets.id, ticket.id));
      if (changesColumn) {
        await emitHookEvent(tx, {
          tenantId: options.tenantId,
          event: "ticket.moved",
          payload: { ticketId: ticket.id, from: ticket.columnKey, to: column.key, actorId: options.userId },
        });
        await recordTicketActivity(tx, {
          tenantId: options.tenantId,
          ticketId: ticket.id,
          actorId: options.userId,
          kind: "moved",
          data: { from: ticket.columnKey, to: column.key },
        });
      }
      const card = (await getTicketCard(tx, { tenantId: options.tenantId, ticketId: ticket.id }))!;
      await commitBoardChange(tx, {
        tenantId: options.tenantId,
        boardId: board.id,
        ticketId: ticket.id,
        kind: "moved",
        actorId: options.userId,
        landedIn: { columnKey: column.key, enforceWipLimit: changesColumn },
      });
      if (options.audit)
        await writeAudit(
          {
            tenantId: options.tenantId,
            actorUserId: options.audit.userId,
            actorApiKeyId: options.audit.apiKeyId,
            action: "tickets.move",
            targetType: "tickets",
            targetId: String(ticket.id),
            before: { columnKey: ticket.columnKey },
            after: {
              input: { toColumnKey: options.toColumnKey, afterTicketId: options.afterTicketId },
              result: { id: card.id, key: card.key, columnKey: card.columnKey },
            },
            requestId: options.audit.requestId,
          },
          tx,
        );
      return card;
    }),
  );
}
