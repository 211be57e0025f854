import { z } from "zod";
import { callPodTool } from "../../services/pod-api/call-pod-tool";
import { reportingPodProcedure } from "../../trpc/pod-procedures";

export const ZCallPodToolRequest = z.object({
  name: z.string().min(1).max(100),
  input: z.record(z.string(), z.unknown()).refine((input) => JSON.stringify(input).length <= 100_000, "too large"),
});

export const ZCallPodToolResponse = z.object({ content: z.string(), isError: z.boolean() });

/** One call of a custom tool, made by the app on the pod's behalf; the result is masked like the run's events. */
export const callPodToolProcedure = reportingPodProcedure
  .meta({ permission: "run-token" })
  .input(ZCallPodToolRequest)
  .output(ZCallPodToolResponse)
  .mutation(async ({ ctx, input }) => {
    const outcome = await callPodTool({ tenantId: ctx.tenantId, run: ctx.run, env: ctx.env, ...input });
    return { content: ctx.mask(outcome.content), isError: outcome.isError };
  });
