import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { toolDefinitions } from "../../../db/schema";
import { notFound } from "../../errors";

export async function deleteTool(options: { tenantId: number; toolId: number }) {
  const rows = await db
    .delete(toolDefinitions)
    .where(and(eq(toolDefinitions.id, options.toolId), eq(toolDefinitions.tenantId, options.tenantId)))
    .returning({ id: toolDefinitions.id });
  if (!rows.length) throw notFound("Tool");
  return { id: options.toolId };
}
