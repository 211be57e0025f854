import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, projects, tickets, users } from "../../../db/schema";
import { runListColumns } from "./run-list-columns";

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
