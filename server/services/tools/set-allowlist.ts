import { and, eq, notInArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { defaultAgentTools } from "../../../db/schema";

/**
 * The custom tools a provider offers (replaces its allowlist). An empty list offers every enabled custom tool.
 * Only names leaving the list are deleted and the rest inserted if missing, so identical concurrent calls
 * all succeed instead of racing each other's inserts into the unique index.
 */
export async function setAllowlist(options: { tenantId: number; provider: "claude" | "codex"; toolNames: string[] }) {
  const toolNames = [...new Set(options.toolNames)];
  await db.transaction(async (tx) => {
    await tx
      .delete(defaultAgentTools)
      .where(
        and(
          eq(defaultAgentTools.tenantId, options.tenantId),
          eq(defaultAgentTools.provider, options.provider),
          toolNames.length ? notInArray(defaultAgentTools.toolName, toolNames) : undefined,
        ),
      );
    if (toolNames.length)
      await tx
        .insert(defaultAgentTools)
        .values(toolNames.map((toolName) => ({ tenantId: options.tenantId, provider: options.provider, toolName })))
        .onConflictDoNothing();
  });
  return { provider: options.provider, toolNames: options.toolNames };
}
