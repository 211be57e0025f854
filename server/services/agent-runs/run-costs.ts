import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

/** Tokens and cost summed over a ticket's or a project's runs. */
export async function sumRunCosts(options: { tenantId: number; ticketId?: number; projectId?: number }) {
  const [row] = await db
    .select({
      runs: sql<number>`count(*)::int`,
      inputTokens: sql<number>`coalesce(sum(${agentRuns.inputTokens}), 0)::bigint`.mapWith(Number),
      outputTokens: sql<number>`coalesce(sum(${agentRuns.outputTokens}), 0)::bigint`.mapWith(Number),
      cacheWriteTokens: sql<number>`coalesce(sum(${agentRuns.cacheWriteTokens}), 0)::bigint`.mapWith(Number),
      cacheReadTokens: sql<number>`coalesce(sum(${agentRuns.cacheReadTokens}), 0)::bigint`.mapWith(Number),
      costMicroUsd: sql<number>`coalesce(sum(${agentRuns.costMicroUsd}), 0)::bigint`.mapWith(Number),
    })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        options.ticketId ? eq(agentRuns.ticketId, options.ticketId) : undefined,
        options.projectId ? eq(agentRuns.projectId, options.projectId) : undefined,
      ),
    );
  return row!;
}
