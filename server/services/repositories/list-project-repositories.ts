import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectRepositories, repositories } from "../../../db/schema";
import { repositoryColumns } from "./repository-columns";

export async function listProjectRepositories(options: { tenantId: number; projectId: number }) {
  return db
    .select({
      id: projectRepositories.id,
      role: projectRepositories.role,
      branch: projectRepositories.branch,
      repository: repositoryColumns,
    })
    .from(projectRepositories)
    .innerJoin(repositories, eq(repositories.id, projectRepositories.repositoryId))
    .where(and(eq(projectRepositories.tenantId, options.tenantId), eq(projectRepositories.projectId, options.projectId)))
    .orderBy(asc(projectRepositories.id));
}
