import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { boardEvents, boards } from "../../../db/schema";
import { publish } from "../../events/bus";
import { notFound } from "../../errors";

export const boardTopic = (boardId: number) => `board:${boardId}`;

/**
 * Locks a board for the rest of the transaction. Every ticket change on a board
 * takes this lock first, so ranks are computed against a stable column and
 * board events are numbered in commit order.
 */
export async function lockBoard(tx: Transaction, options: { tenantId: number; boardId: number }) {
  const [board] = await tx
    .select()
    .from(boards)
    .where(and(eq(boards.id, options.boardId), eq(boards.tenantId, options.tenantId)))
    .for("update");
  if (!board) throw notFound("Board");
  return board;
}

/** Records a board change and tells live boards on commit. Call while holding the board lock. */
export async function recordBoardEvent(
  tx: Transaction,
  options: { tenantId: number; boardId: number; ticketId: number | null; kind: string; actorId: number | null },
) {
  const [event] = await tx.insert(boardEvents).values(options).returning({ id: boardEvents.id });
  await publish(tx, { topic: boardTopic(options.boardId), boardEventId: event!.id });
  return event!.id;
}
