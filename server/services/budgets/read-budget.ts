import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { projectBudgets } from "../../../db/schema";

export async function readBudget(options: { tenantId: number; projectId: number }) {
  const [budget] = await db
    .select()
    .from(projectBudgets)
    .where(and(eq(projectBudgets.projectId, options.projectId), eq(projectBudgets.tenantId, options.tenantId)));
  return budget ?? null;
}
