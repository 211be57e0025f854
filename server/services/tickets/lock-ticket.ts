import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { boards, tickets } from "../../../db/schema";
import { notFound, postgresErrorOf } from "../../errors";

/** Locks a ticket of this tenant for the transaction and reads its board's columns (without locking the board). */
export async function lockTicket(tx: Transaction, options: { tenantId: number; ticketId: number }) {
  const [row] = await tx
    .select({ ticket: tickets, columns: boards.columnsJson })
    .from(tickets)
    .innerJoin(boards, eq(boards.id, tickets.boardId))
    .where(and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId)))
    .for("update", { of: tickets });
  if (!row) throw notFound("Ticket");
  return { ticket: row.ticket, board: { id: row.ticket.boardId, columnsJson: row.columns } };
}

const RANK_TAKEN = "tickets_board_column_rank_key";

/**
 * Runs a ticket change again when a concurrent one took the same rank first.
 * Ranks are computed without the board lock, so two moves into one gap can pick
 * the same key; the unique index refuses the second, which then recomputes.
 */
export async function retryOnRankCollision<T>(change: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!isRankCollision(error) || attempt >= attempts) throw error;
    }
  }
}

function isRankCollision(error: unknown): boolean {
  const postgres = postgresErrorOf(error);
  return postgres?.code === "23505" && postgres.constraint_name === RANK_TAKEN;
}
