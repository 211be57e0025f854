import { z } from "zod";
import { AGENTS_MD_LIMIT, WORKSPACE_TREE_LIMIT } from "../../harness/prompts";
import { getPodContext } from "../../services/pod-api/get-pod-context";
import { podProcedure } from "../../trpc/pod-procedures";
import { ZMode, ZProvider } from "../schemas";

export const ZGetPodContextRequest = z.object({
  agentsMd: z.string().max(AGENTS_MD_LIMIT).nullable(),
  /** The workspace two levels deep; optional, so a pod of an older image still gets its context. */
  tree: z.string().max(WORKSPACE_TREE_LIMIT).nullable().optional(),
});

export const ZGetPodContextResponse = z.object({
  runId: z.number(),
  provider: ZProvider,
  model: z.string(),
  mode: ZMode,
  system: z.string(),
  task: z.string(),
  branch: z.string().nullable(),
  maxTurns: z.number(),
  maxCostMicroUsd: z.number(),
  /** US dollars per million tokens; null when the model has no price. */
  price: z
    .object({
      inputUsdPerMillion: z.number(),
      outputUsdPerMillion: z.number(),
      cacheWriteUsdPerMillion: z.number().optional(),
      cacheReadUsdPerMillion: z.number().optional(),
    })
    .nullable(),
  secondsLeft: z.number(),
  commandTimeoutSeconds: z.number(),
  contextBudget: z.number(),
  compactAtTokens: z.number(),
  maxOutputTokens: z.number(),
  customTools: z.array(z.object({ name: z.string(), description: z.string(), inputSchema: z.record(z.string(), z.unknown()) })),
});

/** What the pod needs to run the agent: prompt, model, mode and limits. */
export const getPodContextProcedure = podProcedure
  .meta({ permission: "run-token" })
  .input(ZGetPodContextRequest)
  .output(ZGetPodContextResponse)
  .mutation(({ ctx, input }) =>
    getPodContext({ tenantId: ctx.tenantId, run: ctx.run, env: ctx.env, agentsMd: input.agentsMd, tree: input.tree ?? null }),
  );
