import { z } from "zod";
import { getEventBus } from "../../events/bus";
import { parseCursor, replayThenLive } from "../../events/replay-then-live";
import { getProject } from "../../services/projects/get-project";
import { listBoardEvents } from "../../services/projects/list-board-events";
import { boardTopic } from "../../services/projects/lock-board";
import { tenantProcedure } from "../../trpc/procedures";
import { ZCursor, ZId } from "../schemas";

export const ZFollowBoardEventsRequest = z.object({ projectId: ZId, lastEventId: ZCursor });

/** A board's changes: replayed after the client's cursor, then live. */
export const followBoardEventsProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZFollowBoardEventsRequest)
  .subscription(async ({ ctx, input, signal }) => {
    const { tenantId } = ctx;
    const { board } = await getProject({ tenantId, projectId: input.projectId });
    return replayThenLive({
      bus: getEventBus(),
      topic: boardTopic(board.id),
      feedKey: `${tenantId}:${boardTopic(board.id)}`,
      after: parseCursor(input.lastEventId),
      fetchAfter: (afterId, limit) => listBoardEvents({ tenantId, boardId: board.id, afterId, limit }),
      cursorOf: (event) => event.id,
      signal,
    });
  });
