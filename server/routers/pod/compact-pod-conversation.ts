import { z } from "zod";
import { requestCompaction } from "../../services/agent-runs/request-compaction";
import { reportingPodProcedure } from "../../trpc/pod-procedures";

export const ZCompactPodConversationRequest = z.object({
  task: z.string().max(400_000),
  previousSummary: z.string().max(100_000).nullable(),
  transcript: z.string().min(1).max(400_000),
});

export const ZCompactPodConversationResponse = z.object({ summary: z.string() });

/**
 * The summary of a span of the pod's conversation, written by the
 * `agent-run.compact` job on the app's provider client (and metered there);
 * the call returns once the job has. The text is masked before it is stored.
 */
export const compactPodConversationProcedure = reportingPodProcedure
  .meta({ permission: "run-token" })
  .input(ZCompactPodConversationRequest)
  .output(ZCompactPodConversationResponse)
  .mutation(async ({ ctx, input }) => {
    const { summary } = await requestCompaction({ tenantId: ctx.tenantId, runId: ctx.run.id, ...ctx.mask(input) });
    return { summary };
  });
