import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { projects, tickets } from "../../../db/schema";

/** The tenant's projects with their open ticket counts, by name. */
export async function listProjects(options: { tenantId: number; includeArchived?: boolean }) {
  return db
    .select({
      id: projects.id,
      name: projects.name,
      key: projects.key,
      description: projects.description,
      archivedAt: projects.archivedAt,
      createdAt: projects.createdAt,
      ticketCount: sql<number>`(select count(*)::int from ${tickets} where ${tickets.projectId} = ${projects.id} and ${tickets.archivedAt} is null)`,
    })
    .from(projects)
    .where(and(eq(projects.tenantId, options.tenantId), options.includeArchived ? undefined : isNull(projects.archivedAt)))
    .orderBy(asc(projects.name));
}
