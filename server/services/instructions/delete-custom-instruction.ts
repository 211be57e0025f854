import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { customInstructions } from "../../../db/schema";
import { notFound } from "../../errors";

export async function deleteCustomInstruction(options: { tenantId: number; id: number }) {
  const rows = await db
    .delete(customInstructions)
    .where(and(eq(customInstructions.id, options.id), eq(customInstructions.tenantId, options.tenantId)))
    .returning({ id: customInstructions.id });
  if (rows.length === 0) throw notFound("Instruction");
  return { id: options.id };
}
