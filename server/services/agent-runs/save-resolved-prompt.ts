import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

export async function saveResolvedPrompt(options: { tenantId: number; runId: number; resolvedPrompt: string }) {
  await db
    .update(agentRuns)
    .set({ resolvedPrompt: options.resolvedPrompt })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
}
