import { and, asc, count, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { projects, tickets } from "../../../db/schema";

/** The tenant's projects with their open ticket counts, by name. */
export async function listProjects(options: { tenantId: number; includeArchived?: boolean }) {
  // A join rather than a correlated subquery: drizzle leaves columns unqualified in a
  // one-table select, so `tickets.project_id = id` compared tickets with themselves.
  return db
    .select({
      id: projects.id,
      name: projects.name,
      key: projects.key,
      description: projects.description,
      archivedAt: projects.archivedAt,
      createdAt: projects.createdAt,
      ticketCount: count(tickets.id),
    })
    .from(projects)
    .leftJoin(tickets, and(eq(tickets.projectId, projects.id), isNull(tickets.archivedAt)))
    .where(and(eq(projects.tenantId, options.tenantId), options.includeArchived ? undefined : isNull(projects.archivedAt)))
    .groupBy(projects.id)
    .orderBy(asc(projects.name));
}
