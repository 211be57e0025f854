import { z } from "zod";
import { getEventBus } from "../../events/bus";
import { parseCursor, replayThenLive } from "../../events/replay-then-live";
import { listWorkspaceEvents } from "../../services/workspace/list-workspace-events";
import { workspaceTopic } from "../../services/workspace/workspace-topic";
import { tenantProcedure } from "../../trpc/procedures";
import { ZCursor } from "../schemas";

export const ZFollowWorkspaceEventsRequest = z.object({ lastEventId: ZCursor });

/**
 * The workspace's list changes (runs, repositories' config, previews, sandboxes): replayed after
 * the client's cursor, then live, over the same bus and feeds as the board.
 */
export const followWorkspaceEventsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZFollowWorkspaceEventsRequest)
  .subscription(({ ctx, input, signal }) => {
    const { tenantId } = ctx;
    return replayThenLive({
      bus: getEventBus(),
      topic: workspaceTopic(tenantId),
      feedKey: workspaceTopic(tenantId),
      after: parseCursor(input.lastEventId),
      fetchAfter: (afterId, limit) => listWorkspaceEvents({ tenantId, afterId, limit }),
      cursorOf: (event) => event.id,
      signal,
    });
  });
