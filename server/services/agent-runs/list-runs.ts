import { and, desc, eq, lt } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, projects, tickets, users, type AgentRunStatus } from "../../../db/schema";
import { runListColumns } from "./run-list-columns";

/** A tenant's runs, newest first, filtered by status, ticket or project; `before` pages by id. */
export async function listRuns(options: {
  tenantId: number;
  status?: AgentRunStatus;
  ticketId?: number;
  projectId?: number;
  parentRunId?: number;
  before?: number;
  limit: number;
}) {
  const rows = await db
    .select(runListColumns)
    .from(agentRuns)
    .leftJoin(projects, eq(projects.id, agentRuns.projectId))
    .leftJoin(tickets, eq(tickets.id, agentRuns.ticketId))
    .leftJoin(users, eq(users.id, agentRuns.createdBy))
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        options.status ? eq(agentRuns.status, options.status) : undefined,
        options.ticketId ? eq(agentRuns.ticketId, options.ticketId) : undefined,
        options.projectId ? eq(agentRuns.projectId, options.projectId) : undefined,
        options.parentRunId ? eq(agentRuns.parentRunId, options.parentRunId) : undefined,
        options.before ? lt(agentRuns.id, options.before) : undefined,
      ),
    )
    .orderBy(desc(agentRuns.id))
    .limit(options.limit + 1);
  const hasMore = rows.length > options.limit;
  const items = rows.slice(0, options.limit);
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
