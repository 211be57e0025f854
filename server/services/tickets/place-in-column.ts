import { and, asc, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { generateKeyBetween } from "fractional-indexing";
import type { Transaction } from "../../../db/client";
import { tickets, type BoardColumn } from "../../../db/schema";
import { AppError } from "../../errors";

/**
 * The rank that puts a ticket right after `afterTicketId` in a column (at the top
 * when null). Runs under the board lock, so neighbours cannot change meanwhile.
 */
export async function rankInColumn(
  tx: Transaction,
  options: { boardId: number; columnKey: string; afterTicketId: number | null; movingTicketId?: number },
) {
  const inColumn = and(
    eq(tickets.boardId, options.boardId),
    eq(tickets.columnKey, options.columnKey),
    isNull(tickets.archivedAt),
    options.movingTicketId === undefined ? undefined : ne(tickets.id, options.movingTicketId),
  );
  let before: string | null = null;
  if (options.afterTicketId !== null) {
    const [anchor] = await tx
      .select({ rank: tickets.rank })
      .from(tickets)
      .where(and(inColumn, eq(tickets.id, options.afterTicketId)));
    if (!anchor) throw new AppError("CONFLICT", "The board changed while you were moving this ticket; it has been refreshed.");
    before = anchor.rank;
  }
  const [next] = await tx
    .select({ rank: tickets.rank })
    .from(tickets)
    .where(and(inColumn, before === null ? undefined : gt(tickets.rank, before)))
    .orderBy(asc(tickets.rank))
    .limit(1);
  return generateKeyBetween(before, next?.rank ?? null);
}

/** The rank that puts a ticket at the bottom of a column. */
export async function rankAtBottom(tx: Transaction, options: { boardId: number; columnKey: string }) {
  const [last] = await tx
    .select({ rank: tickets.rank })
    .from(tickets)
    .where(and(eq(tickets.boardId, options.boardId), eq(tickets.columnKey, options.columnKey), isNull(tickets.archivedAt)))
    .orderBy(desc(tickets.rank))
    .limit(1);
  return generateKeyBetween(last?.rank ?? null, null);
}

export function findColumn(columns: BoardColumn[], key: string) {
  const column = columns.find((candidate) => candidate.key === key);
  if (!column) throw new AppError("BAD_REQUEST", `Unknown column "${key}".`);
  return column;
}

/** Refuses to add a ticket to a column that is at its WIP limit. */
export async function assertUnderWipLimit(tx: Transaction, options: { boardId: number; column: BoardColumn }) {
  const limit = options.column.wipLimit;
  if (limit === null || limit === undefined) return;
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(tickets)
    .where(and(eq(tickets.boardId, options.boardId), eq(tickets.columnKey, options.column.key), isNull(tickets.archivedAt)));
  if ((row?.count ?? 0) >= limit) {
    throw new AppError("PRECONDITION_FAILED", `"${options.column.name}" is at its WIP limit of ${limit}; finish or move a ticket out first.`);
  }
}
