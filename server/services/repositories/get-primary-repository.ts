import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectRepositories } from "../../../db/schema";

/** The project's primary repository, which runs on its tickets use by default. */
export async function primaryRepositoryOf(options: { tenantId: number; projectId: number }) {
  const [row] = await db
    .select({ repositoryId: projectRepositories.repositoryId })
    .from(projectRepositories)
    .where(
      and(
        eq(projectRepositories.tenantId, options.tenantId),
        eq(projectRepositories.projectId, options.projectId),
        eq(projectRepositories.role, "primary"),
      ),
    )
    .orderBy(asc(projectRepositories.id))
    .limit(1);
  return row?.repositoryId ?? null;
}
