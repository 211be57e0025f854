import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { projects, tickets, users } from "../../../db/schema";

/** The columns a board card shows; one query shape for the board, its live stream and mutations. */
export const ticketCardColumns = {
  id: tickets.id,
  boardId: tickets.boardId,
  projectId: tickets.projectId,
  number: tickets.number,
  key: sql<string>`${projects.key} || '-' || ${tickets.number}`,
  title: tickets.title,
  columnKey: tickets.columnKey,
  rank: tickets.rank,
  priority: tickets.priority,
  labels: tickets.labels,
  ciStatus: tickets.ciStatus,
  archivedAt: tickets.archivedAt,
  updatedAt: tickets.updatedAt,
  assignee: {
    id: users.id,
    login: users.login,
    avatarUrl: users.avatarUrl,
  },
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
