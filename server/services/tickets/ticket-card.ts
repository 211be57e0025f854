import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { projects, tickets, users } from "../../../db/schema";

/** A card's latest top-level run: its status, pull request and cost (CI is the ticket's `ciStatus`). */
export type CardRun = {
  id: number;
  status: string;
  prNumber: number | null;
  prUrl: string | null;
  costMicroUsd: number;
};

/** One index lookup per card (agent_runs_ticket_idx). */
const latestRun = sql<CardRun | null>`(
  select json_build_object('id', r.id, 'status', r.status, 'prNumber', r.pr_number, 'prUrl', r.pr_url,
                           'costMicroUsd', r.cost_micro_usd)
  from agent_runs r
  where r.ticket_id = ${tickets.id} and r.tenant_id = ${tickets.tenantId} and r.parent_run_id is null
  order by r.id desc limit 1)`;

/** What a board card shows; kept lean because a board renders a thousand of them. */
export const boardCardColumns = {
  id: tickets.id,
  number: tickets.number,
  key: sql<string>`${projects.key} || '-' || ${tickets.number}`,
  title: tickets.title,
  columnKey: tickets.columnKey,
  rank: tickets.rank,
  priority: tickets.priority,
  labels: tickets.labels,
  ciStatus: tickets.ciStatus,
  assignee: {
    id: users.id,
    login: users.login,
    avatarUrl: users.avatarUrl,
  },
  latestRun,
};

/** A card plus what live updates and mutations need to place it; one shape for events and mutation results. */
export const ticketCardColumns = {
  ...boardCardColumns,
  boardId: tickets.boardId,
  projectId: tickets.projectId,
  archivedAt: tickets.archivedAt,
  updatedAt: tickets.updatedAt,
};

/** A card; a move's result leaves `latestRun` out (a move does not change it; the board keeps what it has). */
export type TicketCard = Omit<NonNullable<Awaited<ReturnType<typeof getTicketCard>>>, "latestRun"> & {
  latestRun?: CardRun | null;
};

export async function getTicketCard(executor: Executor, options: { tenantId: number; ticketId: number }) {
  const [card] = await executor
    .select(ticketCardColumns)
    .from(tickets)
    .innerJoin(projects, eq(projects.id, tickets.projectId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId)));
  return card ?? null;
}
