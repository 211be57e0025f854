import { and, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, agentRuns, boards, repositories, tickets } from "../../../db/schema";
import type { Logger } from "../../logger";
import { commitBoardChange } from "../projects/lock-board";
import { emitHookEvent } from "../hooks/hooks";
import { destroyPreviewsOfBranch } from "../previews/previews";
import { moveTicket } from "../tickets/move-ticket";

/** The parts of a GitHub delivery we act on (the job payload; the rest of the body is not kept). */
export type GitHubEvent = {
  event: string;
  action: string | null;
  pullRequest?: { number: number; merged: boolean; state: string; headSha: string | null; headRef: string | null };
  check?: { headSha: string; status: string; conclusion: string | null };
  push?: { ref: string; after: string };
};

/** Summarises a webhook body into what `processGitHubEvent` needs. */
export function summariseDelivery(event: string, body: Record<string, unknown>): GitHubEvent {
  const action = typeof body.action === "string" ? body.action : null;
  const pr = body.pull_request as Record<string, unknown> | undefined;
  const head = pr?.head as Record<string, unknown> | undefined;
  const check = (body.check_run ?? body.check_suite) as Record<string, unknown> | undefined;
  return {
    event,
    action,
    pullRequest: pr
      ? {
          number: Number(pr.number),
          merged: pr.merged === true,
          state: String(pr.state ?? ""),
          headSha: typeof head?.sha === "string" ? head.sha : null,
          headRef: typeof head?.ref === "string" ? head.ref : null,
        }
      : undefined,
    check: check
      ? {
          headSha: String(check.head_sha ?? ""),
          status: String(check.status ?? ""),
          conclusion: (check.conclusion as string | null) ?? null,
        }
      : undefined,
    push: event === "push" ? { ref: String(body.ref ?? ""), after: String(body.after ?? "") } : undefined,
  };
}

function checksStatusOf(check: NonNullable<GitHubEvent["check"]>) {
  if (check.status !== "completed") return "pending";
  return ["success", "neutral", "skipped"].includes(check.conclusion ?? "") ? "success" : "failure";
}

/**
 * Acts on a verified delivery: a pull request opened, closed or merged updates
 * the runs that opened it, and a merge moves their tickets to the board's done
 * column; check runs set the CI status shown on the run and the ticket card.
 */
export async function processGitHubEvent(options: {
  tenantId: number;
  repositoryId: number;
  event: GitHubEvent;
  logger: Logger;
}) {
  const { tenantId, repositoryId, event } = options;
  if (event.event === "pull_request" && event.pullRequest) {
    const pr = event.pullRequest;
    const state = pr.merged ? "merged" : pr.state === "closed" ? "closed" : "open";
    const linked = await db
      .update(agentRunRepos)
      .set({ prState: state, ...(pr.headSha ? { headSha: pr.headSha } : {}), updatedAt: new Date() })
      .where(
        and(
          eq(agentRunRepos.tenantId, tenantId),
          eq(agentRunRepos.repositoryId, repositoryId),
          eq(agentRunRepos.prNumber, pr.number),
        ),
      )
      .returning({ runId: agentRunRepos.runId });
    if (pr.merged && linked.length)
      await moveTicketsToDone({ tenantId, runIds: linked.map((row) => row.runId), logger: options.logger });
    if (pr.merged)
      await emitHookEvent(db, {
        tenantId,
        event: "pr.merged",
        payload: { repositoryId, number: pr.number, branch: pr.headRef, runIds: linked.map((row) => row.runId) },
      });
    // A closed or merged pull request's branch needs its previews no more.
    const destroyed =
      state !== "open" && pr.headRef ? await destroyPreviewsOfBranch({ tenantId, repositoryId, branch: pr.headRef }) : 0;
    return { linkedRuns: linked.length, state, destroyedPreviews: destroyed };
  }
  if ((event.event === "check_run" || event.event === "check_suite") && event.check?.headSha) {
    const status = checksStatusOf(event.check);
    const linked = await db
      .update(agentRunRepos)
      .set({ checksStatus: status, updatedAt: new Date() })
      .where(
        and(
          eq(agentRunRepos.tenantId, tenantId),
          eq(agentRunRepos.repositoryId, repositoryId),
          eq(agentRunRepos.headSha, event.check.headSha),
        ),
      )
      .returning({ runId: agentRunRepos.runId });
    if (linked.length) await setTicketCiStatus({ tenantId, runIds: linked.map((row) => row.runId), status });
    return { linkedRuns: linked.length, status };
  }
  if (event.event === "push") {
    await db
      .update(repositories)
      .set({ updatedAt: new Date() })
      .where(and(eq(repositories.id, repositoryId), eq(repositories.tenantId, tenantId)));
    return { pushed: event.push?.ref ?? null };
  }
  return { ignored: event.event };
}

async function ticketsOfRuns(tenantId: number, runIds: number[]) {
  const rows = await db
    .select({ ticketId: agentRuns.ticketId, createdBy: agentRuns.createdBy })
    .from(agentRuns)
    .where(and(eq(agentRuns.tenantId, tenantId), inArray(agentRuns.id, runIds)));
  return rows.filter((row): row is { ticketId: number; createdBy: number | null } => row.ticketId !== null);
}

async function moveTicketsToDone(options: { tenantId: number; runIds: number[]; logger: Logger }) {
  for (const { ticketId } of await ticketsOfRuns(options.tenantId, options.runIds)) {
    const [row] = await db
      .select({ columns: boards.columnsJson, columnKey: tickets.columnKey, archivedAt: tickets.archivedAt })
      .from(tickets)
      .innerJoin(boards, eq(boards.id, tickets.boardId))
      .where(and(eq(tickets.id, ticketId), eq(tickets.tenantId, options.tenantId)));
    if (!row || row.archivedAt) continue;
    const done = row.columns.find((column) => column.key === "done") ?? row.columns[row.columns.length - 1];
    if (!done || done.key === row.columnKey) continue;
    try {
      await moveTicket({ tenantId: options.tenantId, userId: null, ticketId, toColumnKey: done.key, afterTicketId: null });
    } catch (error) {
      // A WIP limit on the done column, say: the merge still counts; the ticket stays.
      options.logger.warn({ err: error, ticketId }, "could not move the ticket of a merged pull request");
    }
  }
}

async function setTicketCiStatus(options: { tenantId: number; runIds: number[]; status: string }) {
  for (const { ticketId } of await ticketsOfRuns(options.tenantId, options.runIds)) {
    await db.transaction(async (tx) => {
      const [ticket] = await tx
        .update(tickets)
        .set({ ciStatus: options.status })
        .where(and(eq(tickets.id, ticketId), eq(tickets.tenantId, options.tenantId)))
        .returning({ boardId: tickets.boardId });
      if (ticket)
        await commitBoardChange(tx, {
          tenantId: options.tenantId,
          boardId: ticket.boardId,
          ticketId,
          kind: "updated",
          actorId: null,
        });
    });
  }
}
