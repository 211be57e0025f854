import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { customInstructions, defaultAgentInstructions } from "../../../db/schema";

/** The tenant's instruction layers: per-provider defaults and scoped custom instructions. */
export async function listInstructions(options: { tenantId: number }) {
  const [defaults, custom] = await Promise.all([
    db
      .select({
        provider: defaultAgentInstructions.provider,
        instructions: defaultAgentInstructions.instructions,
        updatedAt: defaultAgentInstructions.updatedAt,
      })
      .from(defaultAgentInstructions)
      .where(eq(defaultAgentInstructions.tenantId, options.tenantId))
      .orderBy(asc(defaultAgentInstructions.provider)),
    db
      .select({
        id: customInstructions.id,
        scope: customInstructions.scope,
        scopeId: customInstructions.scopeId,
        title: customInstructions.title,
        instructions: customInstructions.instructions,
        priority: customInstructions.priority,
        enabled: customInstructions.enabled,
        updatedAt: customInstructions.updatedAt,
      })
      .from(customInstructions)
      .where(eq(customInstructions.tenantId, options.tenantId))
      .orderBy(asc(customInstructions.scope), asc(customInstructions.id)),
  ]);
  return { defaults, custom };
}
