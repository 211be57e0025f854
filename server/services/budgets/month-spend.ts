import { and, eq, gte, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";

const startOfMonth = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

export async function monthSpend(options: { tenantId: number; projectId: number }) {
  const [spend] = await db
    .select({ micro: sql<number>`coalesce(sum(${agentRuns.costMicroUsd}), 0)::bigint`.mapWith(Number) })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        eq(agentRuns.projectId, options.projectId),
        gte(agentRuns.createdAt, startOfMonth()),
      ),
    );
  return spend?.micro ?? 0;
}
