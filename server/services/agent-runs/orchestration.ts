import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunRepos, agentRuns, repositories, type AgentRun } from "../../../db/schema";
import { getRun } from "./get-run";
import type { Env } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { githubClient, githubErrorMessage } from "../../github/client";
import { connectorToken } from "../connectors/connector-token";
import { getFeature } from "../features/get-feature";
import { appendRunEvent } from "./append-run-event";
import { enqueueRunDispatch } from "./enqueue-run-dispatch";
import { attachRunRepository } from "./run-repos";
import { failRun, transitionRun } from "./transition-run";

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

/**
 * Called when a sub-run ends: records it on the parent, starts the next one in
 * sequence, and once all have ended links their pull requests to each other and
 * finishes the parent. Serialised per parent by a row lock.
 */
export async function onChildFinished(options: { tenantId: number; parentRunId: number; childRunId: number; env: Env }) {
  const { tenantId, parentRunId } = options;
  const finalize = await db.transaction(async (tx) => {
    const [parent] = await tx
      .select()
      .from(agentRuns)
      .where(and(eq(agentRuns.id, parentRunId), eq(agentRuns.tenantId, tenantId)))
      .for("update");
    if (!parent) return null;
    const children = await tx
      .select({ id: agentRuns.id, status: agentRuns.status, prUrl: agentRuns.prUrl, error: agentRuns.error })
      .from(agentRuns)
      .where(and(eq(agentRuns.parentRunId, parentRunId), eq(agentRuns.tenantId, tenantId)))
      .orderBy(asc(agentRuns.id));
    const child = children.find((entry) => entry.id === options.childRunId);
    if (child && parent.status === "running")
      await appendRunEvent(tx, {
        tenantId,
        runId: parentRunId,
        type: "child_status",
        payload: { runId: child.id, status: child.status, prUrl: child.prUrl, error: child.error },
      });
    if (parent.status !== "running") return null;
    const pending = children.filter((entry) => entry.status === "queued" || entry.status === "running");
    if (parent.orchestrationMode === "sequential" && child) {
      const next = children.find((entry) => entry.status === "queued" && entry.id > child.id);
      if (child.status === "completed" && next && !children.some((entry) => entry.status === "running")) {
        await enqueueRunDispatch(tx, { tenantId, runId: next.id });
        return null;
      }
      if (child.status !== "completed") {
        // A failed step stops the sequence: later steps would build on missing work.
        for (const rest of pending.filter((entry) => entry.status === "queued"))
          await transitionRun(tx, {
            tenantId,
            runId: rest.id,
            to: "cancelled",
            reason: `An earlier step (run #${child.id}) did not complete.`,
          });
        return {
          children: await tx
            .select({ id: agentRuns.id, status: agentRuns.status })
            .from(agentRuns)
            .where(eq(agentRuns.parentRunId, parentRunId)),
        };
      }
    }
    if (pending.length) return null;
    return { children };
  });
  if (!finalize) return;
  await linkPullRequestSet({ tenantId, parentRunId, env: options.env }).catch(() => undefined);
  const failed = finalize.children.filter((entry) => entry.status !== "completed");
  if (failed.length === 0) {
    await transitionRun(db, {
      tenantId,
      runId: parentRunId,
      to: "completed",
      set: { summary: `All ${finalize.children.length} sub-runs completed.` },
    });
  } else {
    await failRun(db, {
      tenantId,
      runId: parentRunId,
      message: `${failed.length} of ${finalize.children.length} sub-runs did not complete.`,
    });
  }
}

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

/** Each PR of the set gets a section linking its siblings (rewritten, not appended twice). */
export async function linkPullRequestSet(options: { tenantId: number; parentRunId: number; env: Env }) {
  const { items } = await pullRequestSet(options);
  const prs = items.filter((item) => item.prNumber && item.prUrl);
  if (prs.length < 2) return { linked: 0 };
  const marker = "<!-- assembly-lime:linked-prs -->";
  for (const pr of prs) {
    const octokit = githubClient(
      options.env,
      await connectorToken({ tenantId: options.tenantId, connectorId: pr.connectorId, env: options.env }),
    );
    const { data } = await octokit.rest.pulls.get({ owner: pr.owner, repo: pr.name, pull_number: pr.prNumber! });
    const siblings = prs
      .filter((other) => other !== pr)
      .map((other) => `- ${other.repository}#${other.prNumber}: ${other.prUrl}`);
    const base = (data.body ?? "").split(marker)[0]!.trimEnd();
    const body = `${base}\n\n${marker}\n**Linked pull requests** (one change across ${prs.length} repositories — merge them together):\n${siblings.join("\n")}\n`;
    await octokit.rest.pulls.update({ owner: pr.owner, repo: pr.name, pull_number: pr.prNumber!, body });
  }
  return { linked: prs.length };
}

/** Rolls the set back: closes its open pull requests and deletes their branches. */
export async function rollbackPullRequestSet(options: { tenantId: number; parentRunId: number; env: Env }) {
  await getRun({ tenantId: options.tenantId, runId: options.parentRunId });
  const { items } = await pullRequestSet(options);
  const results: Array<{ repository: string; prNumber: number; closed: boolean; error?: string }> = [];
  for (const item of items.filter((entry) => entry.prNumber && entry.prState === "open")) {
    try {
      const octokit = githubClient(
        options.env,
        await connectorToken({ tenantId: options.tenantId, connectorId: item.connectorId, env: options.env }),
      );
      await octokit.rest.pulls.update({ owner: item.owner, repo: item.name, pull_number: item.prNumber!, state: "closed" });
      if (item.branchName)
        await octokit.rest.git
          .deleteRef({ owner: item.owner, repo: item.name, ref: `heads/${item.branchName}` })
          .catch(() => undefined);
      await db
        .update(agentRunRepos)
        .set({ prState: "closed", updatedAt: new Date() })
        .where(eq(agentRunRepos.id, item.runRepoId));
      results.push({ repository: item.repository, prNumber: item.prNumber!, closed: true });
    } catch (error) {
      results.push({ repository: item.repository, prNumber: item.prNumber!, closed: false, error: githubErrorMessage(error) });
    }
  }
  return { results };
}

/** Cancelling a parent cancels the sub-runs that have not ended. */
export async function cancelChildren(options: { tenantId: number; parentRunId: number }) {
  const children = await db
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.tenantId, options.tenantId),
        eq(agentRuns.parentRunId, options.parentRunId),
        inArray(agentRuns.status, ["queued", "running"]),
      ),
    );
  for (const child of children)
    await transitionRun(db, {
      tenantId: options.tenantId,
      runId: child.id,
      to: "cancelled",
      reason: "The parent run was cancelled.",
    });
  return children.length;
}
