import { z } from "zod";
import { getEventBus } from "../../events/bus";
import { parseCursor, replayThenLive } from "../../events/replay-then-live";
import { createProject } from "../../services/projects/create-project";
import { getBoard } from "../../services/projects/get-board";
import { getProject } from "../../services/projects/get-project";
import { listBoardEvents } from "../../services/projects/list-board-events";
import { listProjects } from "../../services/projects/list-projects";
import { boardTopic } from "../../services/projects/lock-board";
import { updateBoardColumns } from "../../services/projects/update-board-columns";
import { updateProject } from "../../services/projects/update-project";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZCursor, ZId, ZMarkdown, ZProjectKey } from "../schemas";

const ZProjectName = z.string().trim().min(1, "Name cannot be empty.").max(100, "Name is at most 100 characters.");
const ZProjectRef = z.union([z.object({ projectId: ZId }), z.object({ key: ZProjectKey })]);

export const ZCreateProjectRequest = z.object({ name: ZProjectName, key: ZProjectKey, description: ZMarkdown.optional() });
export const createProjectProcedure = tenantProcedure
  .input(ZCreateProjectRequest)
  .mutation(({ ctx, input }) => createProject({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

export const listProjectsProcedure = tenantProcedure
  .input(z.object({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }))
  .query(({ ctx, input }) => listProjects({ tenantId: ctx.tenantId, includeArchived: input.includeArchived }));

export const getProjectProcedure = tenantProcedure
  .input(ZProjectRef)
  .query(({ ctx, input }) => getProject({ tenantId: ctx.tenantId, ...input }));

export const ZUpdateProjectRequest = z.object({
  projectId: ZId,
  name: ZProjectName.optional(),
  description: ZMarkdown.nullable().optional(),
});
export const updateProjectProcedure = tenantProcedure
  .input(ZUpdateProjectRequest)
  .mutation(({ ctx, input }) => updateProject({ tenantId: ctx.tenantId, ...input }));

export const archiveProjectProcedure = tenantProcedure
  .input(z.object({ projectId: ZId, archived: z.boolean().default(true) }))
  .mutation(({ ctx, input }) => updateProject({ tenantId: ctx.tenantId, projectId: input.projectId, archived: input.archived }));

export const boardProcedure = tenantProcedure
  .input(ZProjectRef)
  .query(({ ctx, input }) => getBoard({ tenantId: ctx.tenantId, ...input }));

export const ZUpdateColumnsRequest = z.object({
  boardId: ZId,
  columns: z
    .array(
      z.object({
        key: ZColumnKey.optional(),
        name: z.string().trim().min(1, "Column name cannot be empty.").max(40, "Column name is at most 40 characters."),
        wipLimit: z.number().int().min(1, "WIP limit is at least 1.").max(999).nullable().optional(),
      }),
    )
    .min(1, "A board needs at least one column.")
    .max(20, "A board has at most 20 columns."),
});
export const updateColumnsProcedure = tenantProcedure
  .input(ZUpdateColumnsRequest)
  .mutation(({ ctx, input }) => updateBoardColumns({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));

/** A board's changes: replayed after the client's cursor, then live. */
export const boardEventsProcedure = tenantProcedure
  .input(z.object({ projectId: ZId, lastEventId: ZCursor }))
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
