import type { BoardAutomation, BoardColumn } from "../../../db/schema";
import { defaultBoardAutomation, PREVIOUS_COLUMN } from "./default-board-automation";

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
