import { sql } from "drizzle-orm";
import { generateNKeysBetween } from "fractional-indexing";
import type { Transaction } from "../../../db/client";
import type { BoardColumn } from "../../../db/schema";
import { AppError } from "../../errors";

/**
 * The rank that puts a ticket right after `afterTicketId` in a column (at the
 * top when null), read in one statement. Two concurrent moves into one gap may
 * still pick the same rank; the unique index refuses one and it is retried.
 */
export async function rankInColumn(
  tx: Transaction,
  options: {
    boardId: number;
    columnKey: string;
    afterTicketId: number | null;
    movingTicketId?: number;
  },
) {
  const moving = options.movingTicketId ?? 0;
  const live = sql`board_id = ${options.boardId} and column_key = ${options.columnKey} and archived_at is null and id <> ${moving}`;
  const [row] = await tx.execute<{ anchor: string | null; next: string | null }>(
    options.afterTicketId === null
      ? sql`select null as anchor, (select min(rank) from tickets where ${live}) as next`
      : sql`with anchor as (select rank from tickets where ${live} and id = ${options.afterTicketId})
            select (select rank from anchor) as anchor,
                   (select min(rank) from tickets where ${live} and rank > (select rank from anchor)) as next`,
  );
  if (options.afterTicketId !== null && !row?.anchor) {
    throw boardChanged();
  }
  return pickRankBetween(row?.anchor ?? null, row?.next ?? null);
}

/**
 * A rank strictly between two neighbours (null: the column's end). Any of several
 * keys in the gap is right; picking one at random makes two concurrent drops into
 * the same gap rarely collide (and retry).
 */
export function pickRankBetween(before: string | null, after: string | null) {
  const candidates = generateNKeysBetween(before, after, 8);
  return candidates[Math.floor(Math.random() * candidates.length)]!;
}

/** The ticket a move was to follow has left the column since the user looked. */
export const boardChanged = () =>
  new AppError("CONFLICT", "The board changed while you were moving this ticket; it has been refreshed.");

export function findColumn(columns: BoardColumn[], key: string) {
  const column = columns.find((candidate) => candidate.key === key);
  if (!column) throw new AppError("BAD_REQUEST", `Unknown column "${key}".`);
  return column;
}
