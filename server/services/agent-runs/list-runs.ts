import { and, desc, eq, lt, sql, type AnyColumn } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db } from "../../../db/client";
import { agentRuns, projects, tickets, users, type AgentRunStatus } from "../../../db/schema";

const child = alias(agentRuns, "child_run");

/**
 * A run's own count plus its sub-runs': a multi-repo parent calls no model
 * itself, its children spend for it. Children have no children of their own.
 */
function withChildren(own: AnyColumn, childColumn: AnyColumn) {
  return sql<number>`${own} + coalesce((select sum(${childColumn}) from ${agentRuns} as ${child} where ${child.parentRunId} = ${agentRuns.id} and ${child.tenantId} = ${agentRuns.tenantId}), 0)`.mapWith(
    Number,
  );
}

export const runListColumns = {
  id: agentRuns.id,
  provider: agentRuns.provider,
  model: agentRuns.model,
  mode: agentRuns.mode,
  status: agentRuns.status,
  executor: agentRuns.executor,
  prompt: sql<string>`left(${agentRuns.prompt}, 300)`,
  summary: agentRuns.summary,
  error: agentRuns.error,
  inputTokens: withChildren(agentRuns.inputTokens, child.inputTokens),
  outputTokens: withChildren(agentRuns.outputTokens, child.outputTokens),
  cacheWriteTokens: withChildren(agentRuns.cacheWriteTokens, child.cacheWriteTokens),
  cacheReadTokens: withChildren(agentRuns.cacheReadTokens, child.cacheReadTokens),
  costMicroUsd: withChildren(agentRuns.costMicroUsd, child.costMicroUsd),
  branchName: agentRuns.branchName,
  prUrl: agentRuns.prUrl,
  prNumber: agentRuns.prNumber,
  projectId: agentRuns.projectId,
  ticketId: agentRuns.ticketId,
  parentRunId: agentRuns.parentRunId,
  orchestrationMode: agentRuns.orchestrationMode,
  createdAt: agentRuns.createdAt,
  startedAt: agentRuns.startedAt,
  finishedAt: agentRuns.finishedAt,
  projectKey: projects.key,
  ticketKey: sql<string | null>`case when ${tickets.id} is null then null else ${projects.key} || '-' || ${tickets.number} end`,
  ticketTitle: tickets.title,
  createdBy: { id: users.id, login: users.login, avatarUrl: users.avatarUrl },
};

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

/** One run with the names the run page shows. */
export async function getRunDetail(options: { tenantId: number; runId: number }) {
  const [run] = await db
    .select({
      ...runListColumns,
      prompt: agentRuns.prompt,
      resolvedPrompt: agentRuns.resolvedPrompt,
      heartbeatAt: agentRuns.heartbeatAt,
      stopReason: agentRuns.stopReason,
    })
    .from(agentRuns)
    .leftJoin(projects, eq(projects.id, agentRuns.projectId))
    .leftJoin(tickets, eq(tickets.id, agentRuns.ticketId))
    .leftJoin(users, eq(users.id, agentRuns.createdBy))
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return run ?? null;
}
