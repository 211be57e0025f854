import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { boards, type BoardAutomation } from "../../../db/schema";
import { AppError, notFound } from "../../errors";
import { PREVIOUS_COLUMN } from "./default-board-automation";
import { effectiveBoardAutomation } from "./effective-board-automation";

/** Saves a project board's automation; every column named must be one of the board's. */
export async function updateBoardAutomation(options: { tenantId: number; projectId: number; automation: BoardAutomation }) {
  return db.transaction(async (tx) => {
    const [board] = await tx
      .select({ id: boards.id, columnsJson: boards.columnsJson })
      .from(boards)
      .where(and(eq(boards.projectId, options.projectId), eq(boards.tenantId, options.tenantId)))
      .for("update");
    if (!board) throw notFound("Project");
    const keys = new Set(board.columnsJson.map((column) => column.key));
    for (const [event, key] of Object.entries(options.automation)) {
      if (key === null || (event === "prClosed" && key === PREVIOUS_COLUMN)) continue;
      if (!keys.has(key)) throw new AppError("BAD_REQUEST", `There is no column "${key}" on this board.`);
    }
    await tx
      .update(boards)
      .set({ automation: options.automation, updatedAt: new Date() })
      .where(and(eq(boards.id, board.id), eq(boards.tenantId, options.tenantId)));
    return effectiveBoardAutomation({ columnsJson: board.columnsJson, automation: options.automation });
  });
}
