import { z } from "zod";
import { getBoard } from "../../services/projects/get-board";
import { tenantProcedure } from "../../trpc/procedures";
import { ZProjectRef } from "../schemas";
import { ZBoardCard } from "../tickets/schemas";
import { ZBoardAutomation, ZBoardColumn } from "./schemas";

export const ZGetBoardResponse = z.object({
  project: z.object({
    id: z.number(),
    name: z.string(),
    key: z.string(),
    description: z.string().nullable(),
    archivedAt: z.date().nullable(),
  }),
  board: z.object({ id: z.number(), name: z.string(), columns: z.array(ZBoardColumn), automation: ZBoardAutomation }),
  tickets: z.array(ZBoardCard),
  members: z.array(
    z.object({ id: z.number(), login: z.string(), name: z.string().nullable(), avatarUrl: z.string().nullable() }),
  ),
  /** The board-event cursor to go live from. */
  lastEventId: z.number(),
});

export const getBoardProcedure = tenantProcedure
  .meta({ permission: "workspace:read" })
  .input(ZProjectRef)
  .output(ZGetBoardResponse)
  .query(({ ctx, input }) => getBoard({ tenantId: ctx.tenantId, ...input }));
