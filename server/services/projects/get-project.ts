import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { boards, projects } from "../../../db/schema";
import { notFound } from "../../errors";

/** A project of this tenant, by id or key, with its board. */
export async function getProject(options: { tenantId: number; projectId?: number; key?: string }) {
  const [row] = await db
    .select({ project: projects, board: boards })
    .from(projects)
    .innerJoin(boards, eq(boards.projectId, projects.id))
    .where(
      and(
        eq(projects.tenantId, options.tenantId),
        options.projectId !== undefined ? eq(projects.id, options.projectId) : eq(projects.key, options.key ?? ""),
      ),
    )
    .limit(1);
  if (!row) throw notFound("Project");
  return row;
}
