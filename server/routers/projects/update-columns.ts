import { z } from "zod";
import { updateBoardColumns } from "../../services/projects/update-board-columns";
import { tenantProcedure } from "../../trpc/procedures";
import { ZColumnKey, ZId } from "../schemas";
import { ZBoardRow } from "./schemas";

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
  .meta({ permission: "projects:manage" })
  .input(ZUpdateColumnsRequest)
  .output(ZBoardRow)
  .mutation(({ ctx, input }) => updateBoardColumns({ tenantId: ctx.tenantId, userId: ctx.userId, ...input }));
