import { z } from "zod";
import { AGENTS_MD_LIMIT, WORKSPACE_TREE_LIMIT } from "../../harness/prompts";
import { getPodContext } from "../../services/pod-api/get-pod-context";
import { podProcedure } from "../../trpc/pod-procedures";

export const ZGetPodContextRequest = z.object({
  agentsMd: z.string().max(AGENTS_MD_LIMIT).nullable(),
  /** The workspace two levels deep; optional, so a pod of an older image still gets its context. */
  tree: z.string().max(WORKSPACE_TREE_LIMIT).nullable().optional(),
});

/** What the pod needs to run the agent: prompt, model, mode and limits. */
export const getPodContextProcedure = podProcedure
  .meta({ permission: "run-token" })
  .input(ZGetPodContextRequest)
  .mutation(({ ctx, input }) =>
    getPodContext({ tenantId: ctx.tenantId, run: ctx.run, env: ctx.env, agentsMd: input.agentsMd, tree: input.tree ?? null }),
  );
