import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { projects, tickets, users } from "../../../db/schema";

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
};

/** A card plus what live updates and mutations need to place it; one shape for events and mutation results. */
export const ticketCardColumns = {
  ...boardCardColumns,
  boardId: tickets.boardId,
  projectId: tickets.projectId,
  archivedAt: tickets.archivedAt,
  updatedAt: tickets.updatedAt,
};

export type TicketCard = NonNullable<Awaited<ReturnType<typeof getTicketCard>>>;

export async function getTicketCard(executor: Executor, options: { tenantId: number; ticketId: number }) {
  const [card] = await executor
    .select(ticketCardColumns)
    .from(tickets)
    .innerJoin(projects, eq(projects.id, tickets.projectId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId)));
  return card ?? null;
}
