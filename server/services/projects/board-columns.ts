import type { BoardColumn } from "../../../db/schema";

export const DEFAULT_BOARD_COLUMNS: BoardColumn[] = [
  { key: "backlog", name: "Backlog", wipLimit: null },
  { key: "todo", name: "To do", wipLimit: null },
  { key: "in_progress", name: "In progress", wipLimit: null },
  { key: "review", name: "In review", wipLimit: null },
  { key: "done", name: "Done", wipLimit: null },
];

/** A column key from its name: `In review` → `in_review`. */
export function columnKeyFromName(name: string) {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "column"
  );
}

/** The column a merged pull request moves its ticket to: one keyed `done`, else the last. */
export function doneColumn(columns: BoardColumn[]) {
  return columns.find((column) => column.key === "done") ?? columns.at(-1);
}
