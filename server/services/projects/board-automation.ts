import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { boards, type BoardAutomation, type BoardColumn } from "../../../db/schema";
import { AppError, notFound } from "../../errors";
import { doneColumn } from "./board-columns";

/** Closed unmerged: back to the column the ticket left when its pull request opened. */
export const PREVIOUS_COLUMN = "previous";

const byKeyOrName = (columns: BoardColumn[], keys: string[], name: RegExp) =>
  columns.find((column) => keys.includes(column.key))?.key ?? columns.find((column) => name.test(column.name))?.key ?? null;

/** The defaults, for the board's own columns: run started → In progress, PR opened → In review, merged → Done, closed → back. */
export function defaultBoardAutomation(columns: BoardColumn[]): BoardAutomation {
  return {
    runStarted: byKeyOrName(columns, ["in_progress"], /progress|doing/i),
    prOpened: byKeyOrName(columns, ["review", "in_review"], /review/i),
    prMerged: doneColumn(columns)?.key ?? null,
    prClosed: PREVIOUS_COLUMN,
  };
}

/** The board's automation as it applies now: a column deleted since it was set means "leave it". */
export function effectiveBoardAutomation(board: { columnsJson: BoardColumn[]; automation: BoardAutomation | null }) {
  const automation = board.automation ?? defaultBoardAutomation(board.columnsJson);
  const keys = new Set(board.columnsJson.map((column) => column.key));
  const keep = (key: string | null) => (key && keys.has(key) ? key : null);
  return {
    runStarted: keep(automation.runStarted),
    prOpened: keep(automation.prOpened),
    prMerged: keep(automation.prMerged),
    prClosed: automation.prClosed === PREVIOUS_COLUMN ? PREVIOUS_COLUMN : keep(automation.prClosed),
  } satisfies BoardAutomation;
}

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
