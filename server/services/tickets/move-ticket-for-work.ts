import { and, desc, eq, sql } from "drizzle-orm";
import { joinTransaction, type Transaction } from "../../../db/client";
import { boards, ticketActivity, tickets, type BoardAutomation } from "../../../db/schema";
import { AppError } from "../../errors";
import { PREVIOUS_COLUMN } from "../projects/default-board-automation";
import { effectiveBoardAutomation } from "../projects/effective-board-automation";
import { commitBoardChange } from "../projects/lock-board";
import type { MoveCause } from "./move-cause";
import { moveTicket } from "./move-ticket";
import { recordTicketActivity } from "./ticket-activity";

export type WorkEvent = keyof BoardAutomation;

/**
 * Moves a run's ticket as its board's automation says for `event`, inside the caller's
 * transaction (the one that records the run's or pull request's new state), so the move, its
 * attributed history line and the board event commit with it. Work only moves a ticket forward
 * (a second run on a ticket in review leaves it there); a merge moves it wherever; a pull request
 * closed unmerged takes it back only from the column its opening put it in. A move the board
 * refuses (a WIP limit) leaves the card where it is and says why in the history.
 * Without a move the card still changes (its latest run), so the board hears of it either way.
 */
export async function moveTicketForWork(
  tx: Transaction,
  options: { tenantId: number; ticketId: number; event: WorkEvent; cause: MoveCause },
): Promise<{ moved: string | null; refused: string | null }> {
  const { tenantId, ticketId } = options;
  const [ticket] = await tx
    .select({
      columnKey: tickets.columnKey,
      archivedAt: tickets.archivedAt,
      boardId: tickets.boardId,
      columnsJson: boards.columnsJson,
      automation: boards.automation,
    })
    .from(tickets)
    .innerJoin(boards, eq(boards.id, tickets.boardId))
    .where(and(eq(tickets.id, ticketId), eq(tickets.tenantId, tenantId)));
  if (!ticket) return { moved: null, refused: null };
  const unmoved = async () => {
    await commitBoardChange(tx, { tenantId, boardId: ticket.boardId, ticketId, kind: "updated", actorId: null });
    return { moved: null, refused: null };
  };
  if (ticket.archivedAt) return unmoved();

  const automation = effectiveBoardAutomation(ticket);
  const order = ticket.columnsJson.map((column) => column.key);
  let target = automation[options.event];
  if (options.event === "prClosed" && target === PREVIOUS_COLUMN) target = await columnBeforeReview(tx, options, order);
  if (!target || target === ticket.columnKey) return unmoved();
  const forwardOnly = options.event === "runStarted" || options.event === "prOpened";
  if (forwardOnly && order.indexOf(target) < order.indexOf(ticket.columnKey)) return unmoved();
  if (options.event === "prClosed" && automation.prOpened && ticket.columnKey !== automation.prOpened) return unmoved();

  try {
    await joinTransaction(tx, () =>
      moveTicket({ tenantId, userId: null, ticketId, toColumnKey: target, afterTicketId: null, cause: options.cause }),
    );
    return { moved: target, refused: null };
  } catch (error) {
    if (!(error instanceof AppError) || !["PRECONDITION_FAILED", "CONFLICT"].includes(error.code)) throw error;
    // The move's savepoint rolled back; the run's or pull request's change still commits.
    await recordTicketActivity(tx, {
      tenantId,
      ticketId,
      actorId: null,
      kind: "move_refused",
      data: { from: ticket.columnKey, to: target, reason: error.message, cause: options.cause },
    });
    await unmoved();
    return { moved: null, refused: error.message };
  }
}

/**
 * Where the ticket was before this run's pull request moved it to review: the `from` of that
 * move; To do (or the first column) when the history does not say.
 */
async function columnBeforeReview(
  tx: Transaction,
  options: { tenantId: number; ticketId: number; cause: MoveCause },
  order: string[],
) {
  const [row] = await tx
    .select({ from: sql<string | null>`${ticketActivity.data}->>'from'` })
    .from(ticketActivity)
    .where(
      and(
        eq(ticketActivity.tenantId, options.tenantId),
        eq(ticketActivity.ticketId, options.ticketId),
        eq(ticketActivity.kind, "moved"),
        sql`${ticketActivity.data}->'cause'->>'kind' = 'pull_request'`,
        sql`${ticketActivity.data}->'cause'->>'event' = 'opened'`,
        sql`(${ticketActivity.data}->'cause'->>'runId')::bigint = ${options.cause.runId}`,
      ),
    )
    .orderBy(desc(ticketActivity.id))
    .limit(1);
  const from = row?.from;
  if (from && order.includes(from)) return from;
  return order.includes("todo") ? "todo" : (order[0] ?? null);
}
