import { and, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { boards, tickets } from "../../../db/schema";
import { EVENTS_CHANNEL } from "../../events/bus";
import { AppError, notFound } from "../../errors";

/** A ticket was headed for a column that a concurrent edit removed. */
export const columnGone = () => new AppError("CONFLICT", "That column was just deleted; the board has been refreshed.");

/** A ticket would take a column past its WIP limit. */
export const wipLimitReached = (column: { name: string; wipLimit?: number | null }) =>
  new AppError(
    "PRECONDITION_FAILED",
    `"${column.name}" is at its WIP limit${column.wipLimit ? ` of ${column.wipLimit}` : ""}; finish or move a ticket out first.`,
  );

export const boardTopic = (boardId: number) => `board:${boardId}`;

/** Locks a board for the rest of the transaction (column edits). */
export async function lockBoard(tx: Transaction, options: { tenantId: number; boardId: number }) {
  const [board] = await tx
    .select()
    .from(boards)
    .where(and(eq(boards.id, options.boardId), eq(boards.tenantId, options.tenantId)))
    .for("update");
  if (!board) throw notFound("Board");
  return board;
}

/**
 * The last step of every change on a board: lock the board, re-check the
 * column the ticket landed in (it may have been deleted, or filled to its WIP
 * limit, since we looked), append a board event and notify on commit.
 *
 * The lock is taken last and held only for these statements and the commit, so
 * moves on one board run in parallel until here. Board events are therefore
 * numbered in commit order, which is what lets live boards resume by id.
 * Lock order everywhere is ticket row first, board row last.
 */
export async function commitBoardChange(
  tx: Transaction,
  options: {
    tenantId: number;
    boardId: number;
    ticketId: number | null;
    kind: string;
    actorId: number | null;
    /** The column a ticket entered, and whether its WIP limit applies (it does not to a reorder). */
    landedIn?: { columnKey: string; enforceWipLimit: boolean };
  },
) {
  // Lock, count and append are pipelined: sent together, run in order on the server (so the
  // count and the event see the lock held). A refused change throws, and its event rolls back.
  const landedIn = options.landedIn;
  const [board, counted, rows] = await Promise.all([
    lockBoard(tx, { tenantId: options.tenantId, boardId: options.boardId }),
    landedIn?.enforceWipLimit
      ? tx
          .select({ count: sql<number>`count(*)::int` })
          .from(tickets)
          .where(and(eq(tickets.boardId, options.boardId), eq(tickets.columnKey, landedIn.columnKey), isNull(tickets.archivedAt)))
      : Promise.resolve(null),
    // One statement: append the event and queue its notification (delivered on commit).
    tx.execute<{ id: number }>(sql`
      with event as (
        insert into board_events (tenant_id, board_id, ticket_id, kind, actor_id)
        values (${options.tenantId}, ${options.boardId}, ${options.ticketId}, ${options.kind}, ${options.actorId})
        returning id
      )
      select id, pg_notify(${EVENTS_CHANNEL}, json_build_object('topic', ${boardTopic(options.boardId)}::text, 'boardEventId', id)::text)
      from event`),
  ]);
  if (landedIn) {
    const column = board.columnsJson.find((c) => c.key === landedIn.columnKey);
    if (!column) throw columnGone();
    if (landedIn.enforceWipLimit && column.wipLimit && (counted?.[0]?.count ?? 0) > column.wipLimit) {
      throw wipLimitReached(column);
    }
  }
  return { board, eventId: Number(rows[0]!.id) };
}
