import { sql } from "drizzle-orm";
import { ambientTransaction, db, type Executor } from "../../../db/client";
import { boards, tickets, type BoardColumn } from "../../../db/schema";
import { EVENTS_CHANNEL } from "../../events/bus";
import { AppError, notFound, postgresErrorOf } from "../../errors";
import type { AuditActor } from "../audit/audit-actor";
import { emitHookEvent } from "../hooks/emit-hook-event";
import { mayHaveHooks } from "../hooks/may-have-hooks";
import { retryOnRankCollision } from "./lock-ticket";
import { columnGone, wipLimitReached } from "../projects/lock-board";
import { boardChanged, findColumn, pickRankBetween } from "./place-in-column";
import type { TicketCard } from "./ticket-card";
import { attributeLastMove, type MoveCause } from "./move-cause";

/**
 * Moves a ticket to a column, right after `afterTicketId` (top when null). Only
 * the moved ticket's rank changes; a unique index on (board, column, rank)
 * guarantees no two tickets ever share a position, whatever runs concurrently.
 *
 * The hot path of a live board, so it costs two round trips: one read (the
 * ticket, its board's columns and the neighbours' ranks) and one call to
 * `al_move_ticket` (migration 0003), which locks, moves, records activity and
 * audit, re-checks the column under the board lock and appends the board event,
 * atomically. Hooks on `ticket.moved` (rare) join the same transaction.
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
  /** An automatic move: the run or pull request event that made it, kept in the ticket's history. */
  cause?: MoveCause;
}): Promise<TicketCard> {
  return retryOnRankCollision(async () => {
    const target = await readMoveTarget(options);
    const rank = pickRankBetween(target.anchor, target.next);
    const move = async (executor: Executor) => {
      const [row] = await executor.execute<MovedRow>(sql`
        select * from al_move_ticket(${options.tenantId}, ${options.ticketId}, ${target.boardId}, ${options.toColumnKey},
          ${rank}, ${options.userId}, ${options.audit ? JSON.stringify(auditAfter(options, options.audit)) : null}::jsonb,
          ${EVENTS_CHANNEL})`);
      return row!;
    };
    try {
      // Inside a caller's transaction the move must be a savepoint (a refused or retried
      // move must not abort the caller); with hooks listening, their delivery commits with it.
      const hooked = await mayHaveHooks(db, { tenantId: options.tenantId, event: "ticket.moved" });
      const row =
        ambientTransaction() || hooked || options.cause
          ? await db.transaction(async (tx) => {
              const moved = await move(tx);
              if (options.cause && moved.from_column_key !== options.toColumnKey)
                await attributeLastMove(tx, { tenantId: options.tenantId, ticketId: options.ticketId, cause: options.cause });
              if (moved.from_column_key !== options.toColumnKey)
                await emitHookEvent(tx, {
                  tenantId: options.tenantId,
                  event: "ticket.moved",
                  payload: {
                    ticketId: options.ticketId,
                    from: moved.from_column_key,
                    to: options.toColumnKey,
                    actorId: options.userId,
                  },
                });
              return moved;
            })
          : await move(db);
      return cardOf(row);
    } catch (error) {
      throw refusal(error, target.column) ?? error;
    }
  });
}

/** What the move needs to know first, in one statement: the ticket, its board's columns, the gap it drops into. */
async function readMoveTarget(options: {
  tenantId: number;
  ticketId: number;
  toColumnKey: string;
  afterTicketId: number | null;
}) {
  const inTarget = sql`x.board_id = t.board_id and x.column_key = ${options.toColumnKey} and x.archived_at is null and x.id <> t.id`;
  const [row] = await db.execute<{
    board_id: string;
    archived_at: string | null;
    columns_json: unknown;
    anchor: string | null;
    next: string | null;
  }>(sql`
    select t.board_id, t.archived_at, b.columns_json, a.rank as anchor,
      (select min(x.rank) from tickets x where ${inTarget}
          and (${options.afterTicketId}::bigint is null or x.rank > a.rank)) as next
    from tickets t
    join boards b on b.id = t.board_id
    left join tickets a on a.id = ${options.afterTicketId}::bigint and a.board_id = t.board_id
      and a.column_key = ${options.toColumnKey} and a.archived_at is null and a.id <> t.id
    where t.id = ${options.ticketId} and t.tenant_id = ${options.tenantId}`);
  if (!row) throw notFound("Ticket");
  if (row.archived_at) throw archivedCannotMove();
  if (options.afterTicketId === options.ticketId) throw new AppError("BAD_REQUEST", "A ticket cannot be placed after itself.");
  const column = findColumn(boards.columnsJson.mapFromDriverValue(row.columns_json) as BoardColumn[], options.toColumnKey);
  if (options.afterTicketId !== null && !row.anchor) {
    throw boardChanged();
  }
  return { boardId: Number(row.board_id), column, anchor: row.anchor, next: row.next };
}

function auditAfter(options: { ticketId: number; toColumnKey: string; afterTicketId: number | null }, actor: AuditActor) {
  return {
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    requestId: actor.requestId,
    after: {
      input: { toColumnKey: options.toColumnKey, afterTicketId: options.afterTicketId },
      result: { id: options.ticketId, columnKey: options.toColumnKey },
    },
  };
}

const archivedCannotMove = () => new AppError("BAD_REQUEST", "Archived tickets cannot be moved; restore it first.");

/** `al_move_ticket`'s refusals (SQLSTATE class AL) as the errors users see. */
function refusal(error: unknown, column: { name: string; wipLimit?: number | null }): AppError | null {
  switch (postgresErrorOf(error)?.code) {
    case "AL404":
      return notFound("Ticket");
    case "AL400":
      return archivedCannotMove();
    case "AL409":
      return columnGone();
    case "AL412":
      return wipLimitReached(column);
    default:
      return null;
  }
}

type MovedRow = {
  from_column_key: string;
  event_id: string;
  id: string;
  number: number;
  key: string;
  title: string;
  column_key: string;
  rank: string;
  priority: string;
  labels: unknown;
  ci_status: string | null;
  assignee_id: string | null;
  assignee_login: string | null;
  assignee_avatar_url: string | null;
  board_id: string;
  project_id: string;
  archived_at: string | null;
  updated_at: string;
};

/** The function's row in the shape `getTicketCard` returns (values decoded by the columns' own mappers). */
function cardOf(row: MovedRow): TicketCard {
  return {
    id: Number(row.id),
    number: row.number,
    key: row.key,
    title: row.title,
    columnKey: row.column_key,
    rank: row.rank,
    priority: row.priority as TicketCard["priority"],
    labels: tickets.labels.mapFromDriverValue(row.labels) as string[],
    ciStatus: row.ci_status,
    assignee:
      row.assignee_id === null
        ? null
        : { id: Number(row.assignee_id), login: row.assignee_login!, avatarUrl: row.assignee_avatar_url },
    boardId: Number(row.board_id),
    projectId: Number(row.project_id),
    archivedAt: row.archived_at === null ? null : (tickets.archivedAt.mapFromDriverValue(row.archived_at) as Date),
    updatedAt: tickets.updatedAt.mapFromDriverValue(row.updated_at) as Date,
  };
}
