import { z } from "zod";
import { writePodEvents } from "../../services/pod-api/write-pod-events";
import { reportingPodProcedure } from "../../trpc/pod-procedures";

const POD_EVENT_TYPES = ["log", "message", "tool_call", "tool_result", "compaction", "artifact"] as const;

export const ZWritePodEventsRequest = z.object({
  events: z
    .array(z.object({ type: z.enum(POD_EVENT_TYPES), payload: z.record(z.string(), z.unknown()) }))
    .min(1)
    .max(200),
});

export const ZWritePodEventsResponse = z.object({ written: z.number() });

/** The pod's transcript events (tool calls, results, logs…), in order. */
export const writePodEventsProcedure = reportingPodProcedure
  .meta({ permission: "run-token" })
  .input(ZWritePodEventsRequest)
  .output(ZWritePodEventsResponse)
  .mutation(({ ctx, input }) =>
    writePodEvents({ tenantId: ctx.tenantId, runId: ctx.run.id, mask: ctx.mask, events: input.events }),
  );
