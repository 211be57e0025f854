import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectRepositories, projects } from "../../../db/schema";
import { notFound } from "../../errors";
import { getRepository } from "./get-repository";

export async function mapRepositoryToProject(options: {
  tenantId: number;
  projectId: number;
  repositoryId: number;
  role: "primary" | "uatBranch" | "prodBranch" | "secondary";
  branch?: string | null;
}) {
  await getRepository(options);
  const [project] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
  if (!project) throw notFound("Project");
  const [row] = await db
    .insert(projectRepositories)
    .values({ ...options, branch: options.branch ?? null })
    .onConflictDoUpdate({
      target: [projectRepositories.projectId, projectRepositories.repositoryId, projectRepositories.role],
      set: { branch: options.branch ?? null },
    })
    .returning();
  return row!;
}
