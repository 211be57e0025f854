import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, agentRuns, repositories } from "../../../db/schema";

/** The pull requests of a parent run's children, as one set with one status. */
export async function pullRequestSet(options: { tenantId: number; parentRunId: number }) {
  const items = await db
    .select({
      runId: agentRuns.id,
      runStatus: agentRuns.status,
      repository: repositories.fullName,
      owner: repositories.owner,
      name: repositories.name,
      connectorId: repositories.connectorId,
      branchName: agentRunRepos.branchName,
      prNumber: agentRunRepos.prNumber,
      prUrl: agentRunRepos.prUrl,
      prState: agentRunRepos.prState,
      checksStatus: agentRunRepos.checksStatus,
      runRepoId: agentRunRepos.id,
    })
    .from(agentRuns)
    .innerJoin(agentRunRepos, eq(agentRunRepos.runId, agentRuns.id))
    .innerJoin(repositories, eq(repositories.id, agentRunRepos.repositoryId))
    .where(and(eq(agentRuns.tenantId, options.tenantId), eq(agentRuns.parentRunId, options.parentRunId)))
    .orderBy(asc(agentRuns.id));
  const prs = items.filter((item) => item.prNumber);
  let status: "none" | "merged" | "open" | "failing" | "closed" | "partial";
  if (prs.length === 0) status = "none";
  else if (prs.some((item) => item.checksStatus === "failure")) status = "failing";
  else if (prs.every((item) => item.prState === "merged")) status = "merged";
  else if (prs.every((item) => item.prState === "closed")) status = "closed";
  else if (prs.every((item) => item.prState === "open")) status = "open";
  else status = "partial";
  return { status, items };
}
