import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { agentRunRepos, agentRuns, repositories } from "../../../db/schema";
import { moveTicketForWork } from "../tickets/move-ticket-for-work";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { aggregateCommitChecks } from "../checks/aggregate-commit-checks";
import { setCiStatus } from "../checks/set-ci-status";

/** The repositories a run works on, with where to clone from and which branches to use. */
export async function listRunRepositories(options: { tenantId: number; runId: number }) {
  return db
    .select({
      id: agentRunRepos.id,
      repositoryId: agentRunRepos.repositoryId,
      branchName: agentRunRepos.branchName,
      baseBranch: agentRunRepos.baseBranch,
      prNumber: agentRunRepos.prNumber,
      prUrl: agentRunRepos.prUrl,
      prState: agentRunRepos.prState,
      checksStatus: agentRunRepos.checksStatus,
      status: agentRunRepos.status,
      connectorId: repositories.connectorId,
      owner: repositories.owner,
      name: repositories.name,
      fullName: repositories.fullName,
      cloneUrl: repositories.cloneUrl,
      defaultBranch: repositories.defaultBranch,
    })
    .from(agentRunRepos)
    .innerJoin(repositories, eq(repositories.id, agentRunRepos.repositoryId))
    .where(and(eq(agentRunRepos.tenantId, options.tenantId), eq(agentRunRepos.runId, options.runId)))
    .orderBy(asc(agentRunRepos.id));
}

/** One of a run's repositories, as listRunRepositories gives it. */
export type RunRepo = Awaited<ReturnType<typeof listRunRepositories>>[number];

export async function attachRunRepository(
  executor: Executor,
  options: {
    tenantId: number;
    runId: number;
    repositoryId: number;
    branchName: string;
    baseBranch: string;
    prNumber?: number | null;
  },
) {
  await executor.insert(agentRunRepos).values({ ...options, prNumber: options.prNumber ?? null });
  await executor
    .update(agentRuns)
    .set({ branchName: options.branchName })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
}

export async function updateRunRepository(options: {
  tenantId: number;
  runRepoId: number;
  runId: number;
  set: Partial<Pick<typeof agentRunRepos.$inferInsert, "status" | "prNumber" | "prUrl" | "prState" | "headSha" | "checksStatus">>;
  /** The run's own PR fields mirror its (first) repository's. */
  mirrorOnRun?: boolean;
}) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(agentRunRepos)
      .set({ ...options.set, updatedAt: new Date() })
      .where(and(eq(agentRunRepos.id, options.runRepoId), eq(agentRunRepos.tenantId, options.tenantId)))
      .returning({ repositoryId: agentRunRepos.repositoryId });
    if (row && options.set.headSha) {
      // CI may have reported on the pushed commit before the run stored it as its head.
      const { tenantId } = options;
      const headSha = options.set.headSha;
      const status = await aggregateCommitChecks(tx, { tenantId, repositoryId: row.repositoryId, headSha });
      await setCiStatus(tx, { tenantId, repositoryId: row.repositoryId, headSha, status });
    }
    if (options.mirrorOnRun && (options.set.prUrl || options.set.prNumber))
      await tx
        .update(agentRuns)
        .set({ prUrl: options.set.prUrl, prNumber: options.set.prNumber })
        .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
    await recordWorkspaceChange(tx, { tenantId: options.tenantId, kind: "run", subjectId: options.runId });
    if (options.set.status === "pr_opened" && options.set.prNumber) {
      // The run opened its pull request: its ticket goes to review now, not when the webhook comes.
      const [run] = await tx
        .select({ ticketId: agentRuns.ticketId })
        .from(agentRuns)
        .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
      if (run?.ticketId)
        await moveTicketForWork(tx, {
          tenantId: options.tenantId,
          ticketId: run.ticketId,
          event: "prOpened",
          cause: {
            kind: "pull_request",
            event: "opened",
            runId: options.runId,
            number: options.set.prNumber,
            url: options.set.prUrl ?? null,
            by: null,
          },
        });
    }
  });
}
