import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectRepositories } from "../../../db/schema";
import { notFound } from "../../errors";

export async function unmapRepository(options: { tenantId: number; mappingId: number }) {
  const rows = await db
    .delete(projectRepositories)
    .where(and(eq(projectRepositories.id, options.mappingId), eq(projectRepositories.tenantId, options.tenantId)))
    .returning({ id: projectRepositories.id });
  if (!rows.length) throw notFound("Project repository");
  return { id: options.mappingId };
}
