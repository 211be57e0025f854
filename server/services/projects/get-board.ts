import { and, asc, eq, isNull, max } from "drizzle-orm";
import { db } from "../../../db/client";
import { boardEvents, projects, roles, tickets, userRoles, users } from "../../../db/schema";
import { boardCardColumns } from "../tickets/ticket-card";
import { effectiveBoardAutomation } from "./effective-board-automation";
import { getProject } from "./get-project";

/**
 * Everything a board page shows: project, columns, live tickets in rank order,
 * the members (for assignees), and the board-event cursor to go live from. The
 * cursor is read first, so a change committed meanwhile is replayed, not missed.
 */
export async function getBoard(options: { tenantId: number; projectId?: number; key?: string }) {
  const { project, board } = await getProject(options);
  const [cursor] = await db
    .select({ id: max(boardEvents.id) })
    .from(boardEvents)
    .where(eq(boardEvents.boardId, board.id));
  const [cards, members] = await Promise.all([
    db
      .select(boardCardColumns)
      .from(tickets)
      .innerJoin(projects, eq(projects.id, tickets.projectId))
      .leftJoin(users, eq(users.id, tickets.assigneeId))
      .where(and(eq(tickets.boardId, board.id), eq(tickets.tenantId, options.tenantId), isNull(tickets.archivedAt)))
      .orderBy(asc(tickets.columnKey), asc(tickets.rank)),
    db
      .selectDistinct({ id: users.id, login: users.login, name: users.name, avatarUrl: users.avatarUrl })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .where(eq(userRoles.tenantId, options.tenantId))
      .orderBy(asc(users.id)),
  ]);
  return {
    project: {
      id: project.id,
      name: project.name,
      key: project.key,
      description: project.description,
      archivedAt: project.archivedAt,
    },
    board: { id: board.id, name: board.name, columns: board.columnsJson, automation: effectiveBoardAutomation(board) },
    tickets: cards,
    members,
    lastEventId: cursor?.id ?? 0,
  };
}
