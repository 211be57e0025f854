import { z } from "zod";
import { notFound } from "../../errors";
import { cancelRun } from "../../services/agent-runs/cancel-run";
import { listCodeDiffs } from "../../services/agent-runs/code-diffs";
import { createRun } from "../../services/agent-runs/create-run";
import { sendFollowUp } from "../../services/agent-runs/follow-ups";
import { getRun } from "../../services/agent-runs/get-run";
import { getRunDetail, listRuns } from "../../services/agent-runs/list-runs";
import { sumRunCosts } from "../../services/agent-runs/run-costs";
import { listRunImages } from "../../services/images/images";
import { listRunRepositories } from "../../services/agent-runs/run-repos";
import { providerOptions } from "../../services/agent-runs/provider-options";
import { pullRequestSet, rollbackPullRequestSet } from "../../services/agent-runs/orchestration";
import { getEnv } from "../../env.server";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId } from "../schemas";

export const ZProvider = z.enum(["claude", "codex"]);
export const ZMode = z.enum(["plan", "implement", "bugfix", "review"]);
export const ZRunStatus = z.enum(["queued", "running", "completed", "failed", "cancelled"]);

export const ZCreateRunRequest = z.object({
  provider: ZProvider,
  model: z
    .string()
    .trim()
    .regex(/^[\w.:/@-]{1,100}$/, "Model names are letters, digits and . : / @ - (at most 100).")
    .optional(),
  mode: ZMode,
  prompt: z.string().trim().min(1, "Write a prompt for the agent.").max(50_000, "The prompt is at most 50,000 characters."),
  ticketId: ZId.nullish(),
  projectId: ZId.nullish(),
  imageIds: z.array(ZId).max(8, "At most 8 images per run.").optional(),
  /** Defaults to the project's primary repository. */
  repositoryId: ZId.nullish(),
  /** Review runs: the pull request to check out and review. */
  pullRequestNumber: z.number().int().positive().nullish(),
  /** Multi-repo: one sub-run per repository of the feature, in parallel or in sequence. */
  featureId: ZId.nullish(),
  orchestrationMode: z.enum(["parallel", "sequential"]).optional(),
  /** Run as a Kubernetes Job on this cluster. */
  clusterId: ZId.nullish(),
});

export const createRunProcedure = tenantProcedure
  .input(ZCreateRunRequest)
  .mutation(({ ctx, input }) => createRun({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const listRunsProcedure = tenantProcedure
  .input(
    z.object({
      status: ZRunStatus.optional(),
      ticketId: ZId.optional(),
      projectId: ZId.optional(),
      parentRunId: ZId.optional(),
      cursor: ZId.nullish(),
      limit: z.number().int().min(1).max(100).default(30),
    }),
  )
  .query(({ ctx, input }) => listRuns({ tenantId: ctx.tenantId, ...input, before: input.cursor ?? undefined }));

export const getRunProcedure = tenantProcedure.input(z.object({ runId: ZId })).query(async ({ ctx, input }) => {
  const run = await getRunDetail({ tenantId: ctx.tenantId, runId: input.runId });
  if (!run) throw notFound("Run");
  const [images, repositories] = await Promise.all([
    listRunImages({ tenantId: ctx.tenantId, runId: input.runId }),
    listRunRepositories({ tenantId: ctx.tenantId, runId: input.runId }),
  ]);
  return { ...run, images, repositories: repositories.map(({ cloneUrl: _cloneUrl, ...repo }) => repo) };
});

export const cancelRunProcedure = tenantProcedure
  .input(z.object({ runId: ZId }))
  .mutation(({ ctx, input }) => cancelRun({ tenantId: ctx.tenantId, userId: ctx.userId, runId: input.runId, env: getEnv() }));

export const sendMessageProcedure = tenantProcedure
  .input(
    z.object({
      runId: ZId,
      text: z.string().trim().min(1, "Write a message.").max(20_000, "Messages are at most 20,000 characters."),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const event = await sendFollowUp({ tenantId: ctx.tenantId, userId: ctx.userId, ...input });
    return { seq: event.seq };
  });

export const diffsProcedure = tenantProcedure.input(z.object({ runId: ZId })).query(async ({ ctx, input }) => {
  await getRun({ tenantId: ctx.tenantId, runId: input.runId });
  return listCodeDiffs({ tenantId: ctx.tenantId, runId: input.runId });
});

export const costsProcedure = tenantProcedure
  .input(z.union([z.object({ ticketId: ZId }), z.object({ projectId: ZId })]))
  .query(({ ctx, input }) => sumRunCosts({ tenantId: ctx.tenantId, ...input }));

export const providersProcedure = tenantProcedure.query(() => ({ providers: providerOptions(), modes: ZMode.options }));

export const pullRequestSetProcedure = tenantProcedure.input(z.object({ runId: ZId })).query(async ({ ctx, input }) => {
  await getRun({ tenantId: ctx.tenantId, runId: input.runId });
  return pullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId });
});

/** Closes the set's open pull requests and deletes their branches. */
export const rollbackSetProcedure = tenantProcedure
  .input(z.object({ runId: ZId }))
  .mutation(({ ctx, input }) => rollbackPullRequestSet({ tenantId: ctx.tenantId, parentRunId: input.runId, env: getEnv() }));
