import { and, eq, inArray, isNull, ne, or } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import { agentRunRepos, agentRuns, tickets } from "../../../db/schema";
import { commitBoardChange } from "../projects/lock-board";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import type { CiStatus } from "./aggregate-commit-checks";

/**
 * Shows a commit's CI status on the run repositories whose head it is and on their runs' ticket cards.
 * Answers the runs it changed; a status already shown changes nothing.
 */
export async function setCiStatus(
  executor: Executor,
  options: { tenantId: number; repositoryId: number; headSha: string; status: CiStatus },
) {
  const { tenantId, status } = options;
  const linked = await executor
    .update(agentRunRepos)
    .set({ checksStatus: status, updatedAt: new Date() })
    .where(
      and(
        eq(agentRunRepos.tenantId, tenantId),
        eq(agentRunRepos.repositoryId, options.repositoryId),
        eq(agentRunRepos.headSha, options.headSha),
        or(isNull(agentRunRepos.checksStatus), ne(agentRunRepos.checksStatus, status)),
      ),
    )
    .returning({ runId: agentRunRepos.runId });
  if (!linked.length) return linked;
  const runTickets = await executor
    .select({ ticketId: agentRuns.ticketId })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, tenantId),
        inArray(
          agentRuns.id,
          linked.map((row) => row.runId),
        ),
      ),
    );
  for (const { ticketId } of runTickets) {
    if (ticketId === null) continue;
    // Each card with its board's change event (a savepoint inside a caller's transaction).
    await executor.transaction(async (tx) => {
      const [ticket] = await tx
        .update(tickets)
        .set({ ciStatus: status })
        .where(and(eq(tickets.id, ticketId), eq(tickets.tenantId, tenantId)))
        .returning({ boardId: tickets.boardId });
      if (ticket) await commitBoardChange(tx, { tenantId, boardId: ticket.boardId, ticketId, kind: "updated", actorId: null });
    });
  }
  for (const row of linked) await recordWorkspaceChange(executor, { tenantId, kind: "run", subjectId: row.runId });
  return linked;
}
