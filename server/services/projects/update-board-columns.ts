import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { boards, tickets, type BoardColumn } from "../../../db/schema";
import { AppError } from "../../errors";
import { columnKeyFromName } from "./board-columns";
import { commitBoardChange, lockBoard } from "./lock-board";

/**
 * Replaces a board's columns: the order given is the new order; a column with a
 * `key` keeps its tickets (and may be renamed or get a WIP limit); one without is
 * new. A column left out is deleted, which is refused while it holds tickets.
 */
export async function updateBoardColumns(options: {
  tenantId: number;
  userId: number;
  boardId: number;
  columns: { key?: string; name: string; wipLimit?: number | null }[];
}) {
  return db.transaction(async (tx) => {
    const board = await lockBoard(tx, { tenantId: options.tenantId, boardId: options.boardId });
    const existingKeys = new Set(board.columnsJson.map((column) => column.key));
    const next: BoardColumn[] = [];
    for (const column of options.columns) {
      if (column.key !== undefined && !existingKeys.has(column.key)) {
        throw new AppError("BAD_REQUEST", `Unknown column "${column.key}".`);
      }
      let key = column.key ?? columnKeyFromName(column.name);
      if (column.key === undefined) {
        for (let n = 2; existingKeys.has(key) || next.some((c) => c.key === key); n++)
          key = `${columnKeyFromName(column.name)}_${n}`;
      }
      if (next.some((c) => c.key === key)) throw new AppError("BAD_REQUEST", `Column "${column.name}" is listed twice.`);
      next.push({ key, name: column.name, wipLimit: column.wipLimit ?? null });
    }
    const removed = board.columnsJson.filter((column) => !next.some((c) => c.key === column.key));
    if (removed.length > 0) {
      const counts = await tx
        .select({ columnKey: tickets.columnKey, count: sql<number>`count(*)::int` })
        .from(tickets)
        .where(
          and(
            eq(tickets.boardId, board.id),
            isNull(tickets.archivedAt),
            inArray(
              tickets.columnKey,
              removed.map((c) => c.key),
            ),
          ),
        )
        .groupBy(tickets.columnKey);
      const busy = counts.find((row) => row.count > 0);
      if (busy) {
        const name = removed.find((c) => c.key === busy.columnKey)?.name ?? busy.columnKey;
        throw new AppError(
          "PRECONDITION_FAILED",
          `Column "${name}" still has ${busy.count} ticket(s); move them before deleting it.`,
        );
      }
    }
    const [updated] = await tx.update(boards).set({ columnsJson: next }).where(eq(boards.id, board.id)).returning();
    await commitBoardChange(tx, {
      tenantId: options.tenantId,
      boardId: board.id,
      ticketId: null,
      kind: "columns",
      actorId: options.userId,
    });
    return updated!;
  });
}
