import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import {
  featureRepositoryMap,
  agentRuns,
  features,
  k8sClusters,
  images,
  projects,
  repositories,
  tickets,
  type AgentMode,
  type AgentProvider,
} from "../../../db/schema";
import { assertBudgetAllowsRun } from "../budgets/assert-budget-allows-run";
import { requireModelPrice } from "../model-prices/require-model-price";
import { primaryRepositoryOf } from "../repositories/get-primary-repository";
import { attachRunRepository } from "./run-repos";
import { DEFAULT_MODEL } from "../../models/catalog";
import { providerConfigured } from "../../models/providers";
import { getEnv } from "../../env.server";
import { AppError, notFound } from "../../errors";
import { appendRunEvent } from "./append-run-event";
import { enqueueRunDispatch } from "./enqueue-run-dispatch";
import { touchTicketCard } from "./touch-ticket-card";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";
import { base64Size, MAX_RUN_IMAGES_BASE64_BYTES, RUN_IMAGES_TOO_LARGE } from "../images/base64-size";

export type CreateRunInput = {
  tenantId: number;
  userId: number;
  provider: AgentProvider;
  model?: string;
  mode: AgentMode;
  prompt: string;
  ticketId?: number | null;
  projectId?: number | null;
  imageIds?: number[];
  /** The repository to work on; by default the project's primary repository, if it has one. */
  repositoryId?: number | null;
  /** For review runs: the pull request to review (its branch is checked out, the review is posted to it). */
  pullRequestNumber?: number | null;
  /** A multi-repo run: the feature whose repositories get one sub-run each. */
  featureId?: number | null;
  orchestrationMode?: "parallel" | "sequential";
  /** Run as a Kubernetes Job on this cluster instead of on this machine. */
  clusterId?: number | null;
  /** This run's caps, lower or higher than the environment's defaults; what is left out takes the default. */
  limits?: { maxTurns?: number; maxCostUsd?: number; maxSeconds?: number };
};

/**
 * Creates a queued run and enqueues its dispatch job in the same transaction:
 * either both exist or neither does. A ticket's project becomes the run's.
 */
export async function createRun(input: CreateRunInput) {
  if (!providerConfigured(getEnv(), input.provider)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      input.provider === "claude"
        ? "Claude is not configured on this server: an admin must set ANTHROPIC_API_KEY."
        : "Codex is not configured on this server: an admin must set OPENAI_API_KEY or OPENAI_BASE_URL.",
    );
  }
  const model = input.model ?? DEFAULT_MODEL[input.provider];
  await requireModelPrice({ tenantId: input.tenantId, provider: input.provider, model });
  if (input.projectId || input.ticketId) {
    const projectId = input.projectId ?? (await projectOfTicket(input.tenantId, input.ticketId!));
    await assertBudgetAllowsRun({ tenantId: input.tenantId, projectId });
  }
  return db.transaction(async (tx) => {
    let projectId = input.projectId ?? null;
    if (input.ticketId) {
      const [ticket] = await tx
        .select({ projectId: tickets.projectId })
        .from(tickets)
        .where(and(eq(tickets.id, input.ticketId), eq(tickets.tenantId, input.tenantId)));
      if (!ticket) throw notFound("Ticket");
      if (projectId !== null && projectId !== ticket.projectId)
        throw new AppError("BAD_REQUEST", "The ticket belongs to another project.");
      projectId = ticket.projectId;
    } else if (projectId !== null) {
      const [project] = await tx
        .select({ id: projects.id })
        .from(projects)
        .where(and(eq(projects.id, projectId), eq(projects.tenantId, input.tenantId)));
      if (!project) throw notFound("Project");
    }

    const [run] = await tx
      .insert(agentRuns)
      .values({
        tenantId: input.tenantId,
        projectId,
        ticketId: input.ticketId ?? null,
        provider: input.provider,
        model,
        mode: input.mode,
        prompt: input.prompt,
        createdBy: input.userId,
        featureId: input.featureId ?? null,
        executor: input.clusterId ? "kubernetes" : "local",
        clusterId: input.clusterId ?? null,
        orchestrationMode: input.featureId ? (input.orchestrationMode ?? "parallel") : null,
        maxTurns: input.limits?.maxTurns ?? null,
        maxCostMicroUsd: input.limits?.maxCostUsd === undefined ? null : Math.round(input.limits.maxCostUsd * 1_000_000),
        maxSeconds: input.limits?.maxSeconds ?? null,
      })
      .returning();

    const imageIds = [...new Set(input.imageIds ?? [])];
    if (imageIds.length) {
      // Only this tenant's images that no run has claimed yet.
      const attached = await tx
        .update(images)
        .set({ runId: run!.id })
        .where(and(eq(images.tenantId, input.tenantId), inArray(images.id, imageIds), sql`${images.runId} is null`))
        .returning({ id: images.id, byteSize: images.byteSize });
      if (attached.length !== imageIds.length) throw notFound("Image");
      const total = attached.reduce((sum, image) => sum + base64Size(image.byteSize), 0);
      if (total > MAX_RUN_IMAGES_BASE64_BYTES) throw new AppError("BAD_REQUEST", RUN_IMAGES_TOO_LARGE);
    }

    if (input.clusterId) {
      const [cluster] = await tx
        .select({ status: k8sClusters.status, name: k8sClusters.name })
        .from(k8sClusters)
        .where(and(eq(k8sClusters.id, input.clusterId), eq(k8sClusters.tenantId, input.tenantId)));
      if (!cluster) throw notFound("Cluster");
      if (cluster.status !== "ready")
        throw new AppError("PRECONDITION_FAILED", `The cluster "${cluster.name}" is not ready; sync it first.`);
      if (input.featureId) throw new AppError("BAD_REQUEST", "Multi-repo runs run on this machine for now; pick no cluster.");
    }
    if (input.featureId) {
      const [feature] = await tx
        .select({ id: features.id, name: features.name })
        .from(features)
        .where(and(eq(features.id, input.featureId), eq(features.tenantId, input.tenantId)));
      if (!feature) throw notFound("Feature");
      const [mapped] = await tx
        .select({ id: featureRepositoryMap.id })
        .from(featureRepositoryMap)
        .where(and(eq(featureRepositoryMap.featureId, feature.id), eq(featureRepositoryMap.tenantId, input.tenantId)))
        .limit(1);
      // Refused before anything is queued: a run on no repository would only fail after it started.
      if (!mapped)
        throw new AppError(
          "BAD_REQUEST",
          `The feature "${feature.name}" has no repositories; add one on the Features page first.`,
        );
      if (input.repositoryId) throw new AppError("BAD_REQUEST", "A multi-repo run takes its repositories from the feature.");
    }
    const repositoryId = input.featureId
      ? null
      : (input.repositoryId ?? (projectId ? await primaryRepositoryOf({ tenantId: input.tenantId, projectId }) : null));
    if (repositoryId) {
      const [repo] = await tx
        .select({ defaultBranch: repositories.defaultBranch })
        .from(repositories)
        .where(and(eq(repositories.id, repositoryId), eq(repositories.tenantId, input.tenantId)));
      if (!repo) throw notFound("Repository");
      await attachRunRepository(tx, {
        tenantId: input.tenantId,
        runId: run!.id,
        repositoryId,
        branchName: `al/${input.mode}/${run!.id}`,
        baseBranch: repo.defaultBranch,
        prNumber: input.pullRequestNumber ?? null,
      });
    } else if (input.pullRequestNumber) {
      throw new AppError("BAD_REQUEST", "Reviewing a pull request needs a repository.");
    }

    await appendRunEvent(tx, {
      tenantId: input.tenantId,
      runId: run!.id,
      type: "status",
      payload: { status: "queued" },
    });
    await recordWorkspaceChange(tx, { tenantId: input.tenantId, kind: "run", subjectId: run!.id });
    if (run!.ticketId) await touchTicketCard(tx, { tenantId: input.tenantId, ticketId: run!.ticketId });
    await enqueueRunDispatch(tx, { tenantId: input.tenantId, runId: run!.id });
    return run!;
  });
}

async function projectOfTicket(tenantId: number, ticketId: number) {
  const [ticket] = await db
    .select({ projectId: tickets.projectId })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.tenantId, tenantId)));
  return ticket?.projectId ?? null;
}
