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
      // The lock and the rank lookup are pipelined (one round trip; the server runs them in order).
      const [locked, ranked] = await Promise.allSettled([
        lockTicket(tx, { tenantId: options.tenantId, ticketId: options.ticketId }),
        options.afterTicketId === options.ticketId
          ? Promise.resolve("")
          : rankInColumn(tx, {
              boardOfTicket: options.ticketId,
              columnKey: options.toColumnKey,
              afterTicketId: options.afterTicketId,
              movingTicketId: options.ticketId,
            }),
      ]);
      if (locked.status === "rejected") throw locked.reason;
      const { ticket, board } = locked.value;
      if (ticket.archivedAt) throw new AppError("BAD_REQUEST", "Archived tickets cannot be moved; restore it first.");
      if (options.afterTicketId === ticket.id) throw new AppError("BAD_REQUEST", "A ticket cannot be placed after itself.");
      const column = findColumn(board.columnsJson, options.toColumnKey);
      const changesColumn = column.key !== ticket.columnKey;
      if (ranked.status === "rejected") throw ranked.reason;
      const rank = ranked.value;
      await tx.update(tickets).set({ columnKey: column.key, status: column.key, rank }).where(eq(tickets.id, ticket.id));
      // Independent statements are pipelined on the transaction's connection (they still run in order).
      const [card] = await Promise.all([
        getTicketCard(tx, { tenantId: options.tenantId, ticketId: ticket.id }).then((found) => found!),
        changesColumn
          ? emitHookEvent(tx, {
              tenantId: options.tenantId,
              event: "ticket.moved",
              payload: { ticketId: ticket.id, from: ticket.columnKey, to: column.key, actorId: options.userId },
            })
          : null,
        changesColumn
          ? recordTicketActivity(tx, {
              tenantId: options.tenantId,
              ticketId: ticket.id,
              actorId: options.userId,
              kind: "moved",
              data: { from: ticket.columnKey, to: column.key },
            })
          : null,
        options.audit
          ? writeAudit(
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
                  result: { id: ticket.id, columnKey: column.key },
                },
                requestId: options.audit.requestId,
              },
              tx,
            )
          : null,
      ]);
      await commitBoardChange(tx, {
        tenantId: options.tenantId,
        boardId: board.id,
        ticketId: ticket.id,
        kind: "moved",
        actorId: options.userId,
        landedIn: { columnKey: column.key, enforceWipLimit: changesColumn },
      });
      return card;
    }),
  );
}
