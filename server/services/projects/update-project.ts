import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projects } from "../../../db/schema";
import { notFound } from "../../errors";

/** Renames or re-describes a project, or archives/restores it. The key never changes: ticket keys depend on it. */
export async function updateProject(options: {
  tenantId: number;
  projectId: number;
  name?: string;
  description?: string | null;
  archived?: boolean;
}) {
  const [project] = await db
    .update(projects)
    .set({
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.archived !== undefined ? { archivedAt: options.archived ? new Date() : null } : {}),
    })
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)))
    .returning();
  if (!project) throw notFound("Project");
  return project;
}
