import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, repositories, type AgentRun } from "../../../db/schema";
import { AppError, notFound } from "../../errors";
import { getFeature } from "../features/get-feature";
import { appendRunEvent } from "./append-run-event";
import { enqueueRunDispatch } from "./enqueue-run-dispatch";
import { attachRunRepository } from "./run-repos";
import { failRun } from "./fail-run";

/**
 * A multi-repo parent run: resolves the feature's repositories (highest impact
 * first) and creates one sub-run per repository. Parallel sub-runs are all
 * dispatched at once; sequential ones one after another as each completes.
 * The parent stays running, without holding a worker, until its children end.
 */
export async function startOrchestration(options: { tenantId: number; run: AgentRun }) {
  const { tenantId, run } = options;
  if (!run.featureId) throw new AppError("BAD_REQUEST", "A multi-repo run needs a feature.");
  const feature = await getFeature({ tenantId, featureId: run.featureId });
  if (feature.repositories.length === 0) {
    await failRun(db, { tenantId, runId: run.id, message: `The feature "${feature.name}" maps to no repositories.` });
    return [];
  }
  const children = await db.transaction(async (tx) => {
    const created: Array<{ runId: number; repository: string }> = [];
    for (const [index, repo] of feature.repositories.entries()) {
      const [meta] = await tx
        .select({ defaultBranch: repositories.defaultBranch })
        .from(repositories)
        .where(and(eq(repositories.id, repo.repositoryId), eq(repositories.tenantId, tenantId)));
      if (!meta) throw notFound("Repository");
      const [child] = await tx
        .insert(agentRuns)
        .values({
          tenantId,
          projectId: run.projectId,
          ticketId: run.ticketId,
          parentRunId: run.id,
          provider: run.provider,
          model: run.model,
          mode: run.mode,
          prompt: `${run.prompt}\n\nThis run is part of the feature "${feature.name}", which spans ${feature.repositories.length} repositories (${feature.repositories.map((r) => r.fullName).join(", ")}). You work on ${repo.fullName}; the others are handled by sibling runs.`,
          createdBy: run.createdBy,
          // Each repository's run gets the parent's caps.
          maxTurns: run.maxTurns,
          maxCostMicroUsd: run.maxCostMicroUsd,
          maxSeconds: run.maxSeconds,
        })
        .returning({ id: agentRuns.id });
      await attachRunRepository(tx, {
        tenantId,
        runId: child!.id,
        repositoryId: repo.repositoryId,
        branchName: `al/${run.mode}/${child!.id}`,
        baseBranch: meta.defaultBranch,
      });
      await appendRunEvent(tx, { tenantId, runId: child!.id, type: "status", payload: { status: "queued" } });
      if (run.orchestrationMode !== "sequential" || index === 0) await enqueueRunDispatch(tx, { tenantId, runId: child!.id });
      created.push({ runId: child!.id, repository: repo.fullName });
    }
    await appendRunEvent(tx, {
      tenantId,
      runId: run.id,
      type: "children",
      payload: { feature: feature.name, mode: run.orchestrationMode ?? "parallel", runs: created },
    });
    return created;
  });
  return children;
}
