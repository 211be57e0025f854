import { z } from "zod";
import { createRun } from "../../services/agent-runs/create-run";
import { tenantProcedure } from "../../trpc/procedures";
import { ZId, ZMode, ZModelName, ZProvider } from "../schemas";
import { ZRunRow } from "./schemas";

export const ZCreateRunRequest = z.object({
  provider: ZProvider,
  model: ZModelName.optional(),
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
  /** This run's caps; what is left out takes the server's default. */
  limits: z
    .object({
      maxTurns: z.number().int().min(1, "At least one turn.").max(1_000, "At most 1,000 turns.").optional(),
      maxCostUsd: z.number().positive("A cost cap is above $0.").max(1_000, "At most $1,000 per run.").optional(),
      maxSeconds: z.number().int().min(1, "At least a second.").max(86_400, "At most a day (86,400 s).").optional(),
    })
    .optional(),
});

export const createRunProcedure = tenantProcedure
  .meta({ permission: "runs:launch" })
  .input(ZCreateRunRequest)
  .output(ZRunRow)
  .mutation(({ ctx, input }) => createRun({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
