import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { boards, projects, tickets } from "../../../db/schema";
import { AppError, notFound } from "../../errors";
import { commitBoardChange } from "../projects/lock-board";
import { assertMember } from "../tenants/assert-member";
import { retryOnRankCollision } from "./lock-ticket";
import { findColumn, rankInColumn } from "./place-in-column";
import { recordTicketActivity } from "./ticket-activity";
import { getTicketCard } from "./ticket-card";

/**
 * Creates a ticket at the top of a column (the board's first by default) and
 * gives it the project's next number: taken under the project row's lock, so
 * numbers have no gaps or duplicates even when many are created at once.
 */
export async function createTicket(options: {
  tenantId: number;
  userId: number;
  projectId: number;
  title: string;
  descriptionMd?: string;
  columnKey?: string;
  priority?: "urgent" | "high" | "medium" | "low";
  assigneeId?: number | null;
  labels?: string[];
}) {
  return retryOnRankCollision(() =>
    db.transaction(async (tx) => {
      const [project] = await tx
        .select({ id: projects.id, archivedAt: projects.archivedAt })
        .from(projects)
        .where(and(eq(projects.id, options.projectId), eq(projects.tenantId, options.tenantId)));
      if (!project) throw notFound("Project");
      if (project.archivedAt) throw new AppError("BAD_REQUEST", "This project is archived; restore it to add tickets.");
      const [board] = await tx
        .select({ id: boards.id, columnsJson: boards.columnsJson })
        .from(boards)
        .where(eq(boards.projectId, project.id))
        .limit(1);
      if (!board) throw notFound("Board");
      const column = findColumn(board.columnsJson, options.columnKey ?? board.columnsJson[0]?.key ?? "");
      if (options.assigneeId) await assertMember(tx, { tenantId: options.tenantId, userId: options.assigneeId });

      const [numbered] = await tx
        .update(projects)
        .set({ nextTicketNumber: sql`${projects.nextTicketNumber} + 1` })
        .where(and(eq(projects.id, project.id), isNull(projects.archivedAt)))
        .returning({ number: sql<number>`${projects.nextTicketNumber} - 1` });
      const rank = await rankInColumn(tx, { boardId: board.id, columnKey: column.key, afterTicketId: null });
      const [ticket] = await tx
        .insert(tickets)
        .values({
          tenantId: options.tenantId,
          projectId: project.id,
          boardId: board.id,
          number: numbered!.number,
          title: options.title,
          descriptionMd: options.descriptionMd ?? "",
          status: column.key,
          columnKey: column.key,
          rank,
          priority: options.priority ?? "medium",
          assigneeId: options.assigneeId ?? null,
          labels: options.labels ?? [],
          createdBy: options.userId,
        })
        .returning({ id: tickets.id });
      await recordTicketActivity(tx, {
        tenantId: options.tenantId,
        ticketId: ticket!.id,
        actorId: options.userId,
        kind: "created",
        data: { column: column.key },
      });
      const card = (await getTicketCard(tx, { tenantId: options.tenantId, ticketId: ticket!.id }))!;
      await commitBoardChange(tx, {
        tenantId: options.tenantId,
        boardId: board.id,
        ticketId: ticket!.id,
        kind: "created",
        actorId: options.userId,
        landedIn: { columnKey: column.key, enforceWipLimit: true },
      });
      return card;
    }),
  );
}
