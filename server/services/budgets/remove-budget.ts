import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectBudgets, projects } from "../../../db/schema";
import { notFound } from "../../errors";

/** Removes a project's budget ("No limit"); a project of another tenant is not found. */
export async function removeBudget(options: { tenantId: number; projectId: number }) {
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const removed = await db
    .delete(projectBudgets)
    .where(and(eq(projectBudgets.projectId, options.projectId), eq(projectBudgets.tenantId, options.tenantId)))
    .returning({ id: projectBudgets.id });
  return { projectId: options.projectId, removed: removed.length > 0 };
}
