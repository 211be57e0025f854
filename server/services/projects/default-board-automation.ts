import type { BoardAutomation, BoardColumn } from "../../../db/schema";
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
