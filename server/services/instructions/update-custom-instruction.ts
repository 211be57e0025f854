import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { customInstructions } from "../../../db/schema";
import { notFound } from "../../errors";

export async function updateCustomInstruction(options: {
  tenantId: number;
  id: number;
  title?: string;
  instructions?: string;
  priority?: number;
  enabled?: boolean;
}) {
  const { tenantId, id, ...changes } = options;
  const [row] = await db
    .update(customInstructions)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(customInstructions.id, id), eq(customInstructions.tenantId, tenantId)))
    .returning();
  if (!row) throw notFound("Instruction");
  return row;
}
