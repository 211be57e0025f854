import { and, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { db, type Transaction } from "../../../db/client";
import { agentRunRepos, agentRuns, commitChecks, repositories } from "../../../db/schema";
import type { Logger } from "../../logger";
import { emitHookEvent } from "../hooks/emit-hook-event";
import { destroyPreviewsOfBranch } from "../previews/destroy-previews-of-branch";
import { touchTicketCard } from "../agent-runs/transition-run";
import { moveTicketForWork, type WorkEvent } from "../tickets/move-ticket-for-work";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { aggregateCommitChecks } from "../checks/aggregate-commit-checks";
import { setCiStatus } from "../checks/set-ci-status";
import type { GitHubEvent } from "./summarise-delivery";

function checkStateOf(check: NonNullable<GitHubEvent["check"]>): "pending" | "success" | "failure" {
  if (check.status !== "completed") return "pending";
  return ["success", "neutral", "skipped"].includes(check.conclusion ?? "") ? "success" : "failure";
}

/**
 * Records one CI signal and answers the commit's aggregate: any failure → failure, else any
 * pending → pending, else success. A newer run of a signal replaces the older one; an older
 * run's late event changes nothing, and a completed run never returns to pending because its
 * `queued`/`in_progress` event arrives after its `completed` one.
 */
async function recordCheck(
  tx: Transaction,
  options: { tenantId: number; repositoryId: number; check: NonNullable<GitHubEvent["check"]> },
) {
  const { tenantId, repositoryId, check } = options;
  const state = checkStateOf(check);
  // Deliveries are processed concurrently: without this lock two signals of one commit, each in
  // its own transaction, would each compute the aggregate without the other's row (write skew).
  // It is held until the caller's transaction ends, past the CI status it sets.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${repositoryId}:${check.headSha}`}, 0))`);
  await tx
    .insert(commitChecks)
    .values({ tenantId, repositoryId, headSha: check.headSha, source: check.source, signalId: check.signalId, state })
    .onConflictDoUpdate({
      target: [commitChecks.repositoryId, commitChecks.headSha, commitChecks.source],
      set: { state, signalId: check.signalId, updatedAt: new Date() },
      setWhere: or(
        lt(commitChecks.signalId, check.signalId),
        and(eq(commitChecks.signalId, check.signalId), state === "pending" ? eq(commitChecks.state, "pending") : sql`true`),
      ),
    });
  return aggregateCommitChecks(tx, { tenantId, repositoryId, headSha: check.headSha });
}

/**
 * Acts on a verified delivery: a pull request opened, closed or merged updates
 * the runs that opened it and moves their tickets as the board's automation says
 * (run started, PR opened, merged, closed); check runs and commit statuses set the CI status shown on the run and the ticket card
 * (the aggregate of every signal on the pull request's head commit).
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
    const updatedAt = pr.updatedAt ? new Date(pr.updatedAt) : null;
    // GitHub does not promise order: an event older than the stored state is ignored, and merged is final.
    // The runs' new state, their tickets' moves and the lists' events commit together.
    const linked = await db.transaction(async (tx) => {
      const rows = await tx
        .update(agentRunRepos)
        .set({
          prState: state,
          prUpdatedAt: updatedAt,
          ...(pr.headSha ? { headSha: pr.headSha } : {}),
          updatedAt: new Date(),
        })
        .where(
          and(
            eq(agentRunRepos.tenantId, tenantId),
            eq(agentRunRepos.repositoryId, repositoryId),
            eq(agentRunRepos.prNumber, pr.number),
            or(isNull(agentRunRepos.prState), ne(agentRunRepos.prState, "merged")),
            updatedAt ? or(isNull(agentRunRepos.prUpdatedAt), lte(agentRunRepos.prUpdatedAt, updatedAt)) : sql`true`,
          ),
        )
        .returning({ runId: agentRunRepos.runId, prUrl: agentRunRepos.prUrl });
      const workEvent = workEventOf(event.action, state);
      for (const row of rows) {
        await recordWorkspaceChange(tx, { tenantId, kind: "run", subjectId: row.runId });
        const [run] = await tx
          .select({ ticketId: agentRuns.ticketId })
          .from(agentRuns)
          .where(and(eq(agentRuns.id, row.runId), eq(agentRuns.tenantId, tenantId)));
        if (!run?.ticketId) continue;
        if (!workEvent) {
          await touchTicketCard(tx, { tenantId, ticketId: run.ticketId });
          continue;
        }
        const moved = await moveTicketForWork(tx, {
          tenantId,
          ticketId: run.ticketId,
          event: workEvent,
          cause: {
            kind: "pull_request",
            event: state === "merged" ? "merged" : state === "closed" ? "closed" : "opened",
            runId: row.runId,
            number: pr.number,
            url: pr.url ?? row.prUrl ?? null,
            by: pr.by ?? null,
          },
        });
        if (moved.refused)
          options.logger.info(
            { ticketId: run.ticketId, refused: moved.refused },
            "a pull request event could not move its ticket",
          );
      }
      // A new head (a push to the branch) shows its own commit's CI, which may have reported already.
      if (pr.headSha && rows.length) {
        const status = await aggregateCommitChecks(tx, { tenantId, repositoryId, headSha: pr.headSha });
        await setCiStatus(tx, { tenantId, repositoryId, headSha: pr.headSha, status });
      }
      return rows;
    });
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
  if (event.check?.headSha) {
    const check = event.check;
    // The check lock is a transaction's: the row, the aggregate and the CI status it sets commit under it.
    return db.transaction(async (tx) => {
      const status = await recordCheck(tx, { tenantId, repositoryId, check });
      const linked = await setCiStatus(tx, { tenantId, repositoryId, headSha: check.headSha, status });
      return { linkedRuns: linked.length, status };
    });
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

/** Which board automation a pull request event triggers: opened (or reopened), merged, closed unmerged; others none. */
function workEventOf(action: string | null, state: "open" | "merged" | "closed"): WorkEvent | null {
  if (state === "merged") return "prMerged";
  if (state === "closed") return "prClosed";
  return action === "opened" || action === "reopened" || action === "ready_for_review" ? "prOpened" : null;
}
