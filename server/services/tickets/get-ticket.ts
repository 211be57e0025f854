import { and, asc, desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projects, ticketActivity, ticketComments, tickets, users } from "../../../db/schema";
import { notFound } from "../../errors";
import { parseTicketKey } from "./parse-ticket-key";
import { ticketCardColumns } from "./ticket-card";

/** A ticket with its description, comments and history, by id or key. */
export async function getTicket(options: { tenantId: number; ticketId?: number; key?: string }) {
  let where;
  if (options.ticketId !== undefined) where = and(eq(tickets.id, options.ticketId), eq(tickets.tenantId, options.tenantId));
  else {
    const { projectKey, number } = parseTicketKey(options.key ?? "");
    where = and(eq(tickets.tenantId, options.tenantId), eq(projects.key, projectKey), eq(tickets.number, number));
  }
  const [ticket] = await db
    .select({
      ...ticketCardColumns,
      descriptionMd: tickets.descriptionMd,
      createdAt: tickets.createdAt,
      projectKey: projects.key,
    })
    .from(tickets)
    .innerJoin(projects, eq(projects.id, tickets.projectId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(where);
  if (!ticket) throw notFound("Ticket");
  const [comments, activity] = await Promise.all([
    db
      .select({
        id: ticketComments.id,
        bodyMd: ticketComments.bodyMd,
        createdAt: ticketComments.createdAt,
        author: { id: users.id, login: users.login, avatarUrl: users.avatarUrl },
      })
      .from(ticketComments)
      .leftJoin(users, eq(users.id, ticketComments.authorId))
      .where(and(eq(ticketComments.ticketId, ticket.id), eq(ticketComments.tenantId, options.tenantId)))
      .orderBy(asc(ticketComments.id)),
    db
      .select({
        id: ticketActivity.id,
        kind: ticketActivity.kind,
        data: ticketActivity.data,
        createdAt: ticketActivity.createdAt,
        actor: { id: users.id, login: users.login },
      })
      .from(ticketActivity)
      .leftJoin(users, eq(users.id, ticketActivity.actorId))
      .where(and(eq(ticketActivity.ticketId, ticket.id), eq(ticketActivity.tenantId, options.tenantId)))
      .orderBy(desc(ticketActivity.id))
      .limit(200),
  ]);
  return { ...ticket, comments, activity };
}
