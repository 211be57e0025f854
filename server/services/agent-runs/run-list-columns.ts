import { sql, type AnyColumn } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { agentRuns, projects, tickets, users } from "../../../db/schema";

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

/** The columns a run list shows, a run's tokens and cost including its sub-runs'; the run page adds a few. */
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
