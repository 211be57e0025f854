import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { defaultAgentInstructions } from "../../../db/schema";

/** Sets (or clears, with empty text) a provider's default instructions. */
export async function setDefaultInstructions(options: { tenantId: number; provider: "claude" | "codex"; instructions: string }) {
  if (!options.instructions.trim()) {
    await db
      .delete(defaultAgentInstructions)
      .where(
        and(eq(defaultAgentInstructions.tenantId, options.tenantId), eq(defaultAgentInstructions.provider, options.provider)),
      );
    return null;
  }
  const [row] = await db
    .insert(defaultAgentInstructions)
    .values({ tenantId: options.tenantId, provider: options.provider, instructions: options.instructions })
    .onConflictDoUpdate({
      target: [defaultAgentInstructions.tenantId, defaultAgentInstructions.provider],
      set: { instructions: options.instructions, updatedAt: new Date() },
    })
    .returning();
  return row!;
}
