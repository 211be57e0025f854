import { z } from "zod";
import { AGENTS_MD_LIMIT } from "../../agents/prompts";
import { getPodContext } from "../../services/pod-api/get-pod-context";
import { podProcedure } from "../../trpc/pod-procedures";

export const ZGetPodContextRequest = z.object({ agentsMd: z.string().max(AGENTS_MD_LIMIT).nullable() });

/** What the pod needs to run the agent: prompt, model, mode and limits. */
export const getPodContextProcedure = podProcedure
  .meta({ permission: "run-token" })
  .input(ZGetPodContextRequest)
  .mutation(({ ctx, input }) => getPodContext({ tenantId: ctx.tenantId, run: ctx.run, env: ctx.env, agentsMd: input.agentsMd }));
