import { closestCorners, type CollisionDetection } from "@dnd-kit/core";

/**
 * Closest corners, but only among the column the dragged card's centre is in
 * (its list and its cards). Plain closest corners measures to every droppable,
 * and a column's list runs the board's whole height: its bottom corners are so
 * far that the card's own old place wins, and the card seems stuck.
 */
export const columnFirstCollisions: CollisionDetection = (args) => {
  const { collisionRect, droppableContainers, droppableRects } = args;
  const x = collisionRect.left + collisionRect.width / 2;
  const y = collisionRect.top + collisionRect.height / 2;
  const column = droppableContainers.find((container) => {
    const rect = droppableRects.get(container.id);
    return (
      String(container.id).startsWith("column:") &&
      rect !== undefined &&
      x >= rect.left &&
      x <= rect.right &&
      y >= rect.top &&
      y <= rect.bottom
    );
  });
  if (!column) return closestCorners(args);
  const key = String(column.id).slice("column:".length);
  const inColumn = droppableContainers.filter(
    (container) => container.id === column.id || container.data.current?.sortable?.containerId === key,
  );
  return closestCorners({ ...args, droppableContainers: inColumn });
};
