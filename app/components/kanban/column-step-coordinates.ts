import type { KeyboardCoordinateGetter, UniqueIdentifier } from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { columnDroppableId } from "./kanban-column";

/**
 * Keyboard dragging: Left and Right go to the next column in board order, one
 * per press. dnd-kit's sortable getter picks the nearest droppable in that
 * direction by geometry, which jumps over an empty column (its short list sits
 * farther than the next one's cards) and never reaches one scrolled out of view.
 * Up and Down keep the sortable getter, which reorders within a column.
 */
export function columnStepCoordinates(options: {
  columnKeys: () => string[];
  /** The column the dragged card is in now (it moves as the drag goes over columns). */
  columnOf: (id: UniqueIdentifier) => string | undefined;
}): KeyboardCoordinateGetter {
  return (event, args) => {
    if (event.code !== "ArrowLeft" && event.code !== "ArrowRight") return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const { active, collisionRect, droppableRects } = args.context;
    if (!active || !collisionRect) return undefined;
    const keys = options.columnKeys();
    const from = keys.indexOf(options.columnOf(active.id) ?? "");
    const target = keys[from + (event.code === "ArrowLeft" ? -1 : 1)];
    const rect = target === undefined || from < 0 ? undefined : droppableRects.get(columnDroppableId(target));
    if (!rect) return undefined;
    // The top of the target list, centred: closest-corners then finds that column or its first card.
    return { x: rect.left + (rect.width - collisionRect.width) / 2, y: rect.top };
  };
}
