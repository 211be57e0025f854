import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectBudgets, projects } from "../../../db/schema";
import { notFound } from "../../errors";

export async function setBudget(options: {
  tenantId: number;
  projectId: number;
  monthlyLimitMicroUsd: number;
  perRunLimitMicroUsd: number | null;
  warnAtPercent: number;
}) {
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const [row] = await db
    .insert(projectBudgets)
    .values(options)
    .onConflictDoUpdate({
      target: projectBudgets.projectId,
      set: {
        monthlyLimitMicroUsd: options.monthlyLimitMicroUsd,
        perRunLimitMicroUsd: options.perRunLimitMicroUsd,
        warnAtPercent: options.warnAtPercent,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}
