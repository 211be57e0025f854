import { z } from "zod";
import type { AgentRunStatus } from "../../../db/schema";
import { getEventBus } from "../../events/bus";
import { parseCursor, replayThenLiveBatches } from "../../events/replay-then-live";
import { runTopic } from "../../services/agent-runs/run-topic";
import { getRun } from "../../services/agent-runs/get-run";
import { readRunEventsTogether } from "../../services/agent-runs/read-run-events-together";
import { FINISHED_STATUSES } from "../../services/agent-runs/transition-run";
import { tenantProcedure } from "../../trpc/procedures";

export const ZFollowRunEventsRequest = z.object({
  runId: z.number().int().positive(),
  /** The seq of the last event the client holds; SSE reconnects fill it in. */
  lastEventId: z.string().max(20).nullish(),
});

/** A run's transcript: everything after the client's cursor, then live — in batches of what arrived together. */
export const followRunEventsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZFollowRunEventsRequest)
  .subscription(async ({ ctx, input, signal }) => {
    const { tenantId } = ctx;
    // Checked before the stream starts, so a foreign id fails with NOT_FOUND rather than mid-stream.
    await getRun({ tenantId, runId: input.runId });
    return replayThenLiveBatches({
      bus: getEventBus(),
      topic: runTopic(input.runId),
      feedKey: `${tenantId}:${runTopic(input.runId)}`,
      after: parseCursor(input.lastEventId),
      fetchAfter: (afterSeq, limit) => readRunEventsTogether({ tenantId, runId: input.runId, afterSeq, limit }),
      cursorOf: (event) => event.seq,
      // A run's last event is its final status; the stream then completes.
      isLast: (event) => event.type === "status" && FINISHED_STATUSES.includes(event.payload.status as AgentRunStatus),
      signal,
    });
  });
