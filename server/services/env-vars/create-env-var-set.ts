import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { envVarSets, projects, repositories } from "../../../db/schema";
import { notFound } from "../../errors";

export async function createEnvVarSet(options: {
  tenantId: number;
  name: string;
  scope: "project" | "repository";
  scopeId: number;
}) {
  const table = options.scope === "project" ? projects : repositories;
  const [owned] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, options.scopeId), eq(table.tenantId, options.tenantId)));
  if (!owned) throw notFound(options.scope === "project" ? "Project" : "Repository");
  const [row] = await db
    .insert(envVarSets)
    .values({
      tenantId: options.tenantId,
      name: options.name,
      scope: options.scope,
      projectId: options.scope === "project" ? options.scopeId : null,
      repositoryId: options.scope === "repository" ? options.scopeId : null,
    })
    .returning();
  return row!;
}
