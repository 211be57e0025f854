import { sql } from "drizzle-orm";
import { bigint, customType, foreignKey, index, integer, jsonb, pgTable, text, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { bigintRef, createdAt, id, timestamptz, updatedAt } from "./columns";
import { tenants, users } from "./core";

/** Ranks compare byte by byte (as fractional-indexing expects), whatever the database's locale. */
const rankText = customType<{ data: string }>({ dataType: () => 'text collate "C"' });

export type BoardColumn = { key: string; name: string; wipLimit?: number | null };

/**
 * Where run and pull request events move a board's tickets: a column key, null for "leave it",
 * and for a pull request closed unmerged also "previous" (back to the column it left when the
 * pull request opened).
 */
export type BoardAutomation = {
  runStarted: string | null;
  prOpened: string | null;
  prMerged: string | null;
  prClosed: string | null;
};

export const projects = pgTable(
  "projects",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Short upper-case key used in ticket keys, e.g. LIME → LIME-42. */
    key: text("key").notNull(),
    description: text("description"),
    /** The next ticket number; taken under the row lock so keys have no gaps or duplicates. */
    nextTicketNumber: integer("next_ticket_number").notNull().default(1),
    archivedAt: timestamptz("archived_at"),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("projects_tenant_id_id_key").on(t.tenantId, t.id),
    uniqueIndex("projects_tenant_key_key").on(t.tenantId, t.key),
    index("projects_created_by_idx").on(t.createdBy),
  ],
);

export const boards = pgTable(
  "boards",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    columnsJson: jsonb("columns_json")
      .$type<BoardColumn[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Null: the defaults (run started → In progress, PR opened → In review, merged → Done, closed → back). */
    automation: jsonb("automation").$type<BoardAutomation>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("boards_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "boards_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    index("boards_tenant_idx").on(t.tenantId),
    index("boards_project_idx").on(t.projectId),
  ],
);

export const tickets = pgTable(
  "tickets",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    projectId: bigintRef("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    boardId: bigintRef("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    descriptionMd: text("description_md").notNull().default(""),
    status: text("status").notNull().default("open"),
    columnKey: text("column_key").notNull(),
    /** Lexicographic rank within the column (fractional indexing). */
    rank: rankText("rank").notNull(),
    priority: text("priority").$type<"urgent" | "high" | "medium" | "low">().notNull().default("medium"),
    assigneeId: bigintRef("assignee_id").references(() => users.id, { onDelete: "set null" }),
    labels: jsonb("labels")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    ciStatus: text("ci_status"),
    archivedAt: timestamptz("archived_at"),
    createdBy: bigintRef("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("tickets_tenant_id_id_key").on(t.tenantId, t.id),
    foreignKey({
      name: "tickets_tenant_project_id_fkey",
      columns: [t.tenantId, t.projectId],
      foreignColumns: [projects.tenantId, projects.id],
    }),
    foreignKey({
      name: "tickets_tenant_board_id_fkey",
      columns: [t.tenantId, t.boardId],
      foreignColumns: [boards.tenantId, boards.id],
    }),
    uniqueIndex("tickets_project_number_key").on(t.projectId, t.number),
    // Archived tickets keep their old rank; only live ones must be unique in a column.
    uniqueIndex("tickets_board_column_rank_key")
      .on(t.boardId, t.columnKey, t.rank)
      .where(sql`archived_at is null`),
    index("tickets_tenant_idx").on(t.tenantId),
    index("tickets_assignee_idx").on(t.assigneeId),
    index("tickets_created_by_idx").on(t.createdBy),
  ],
);

export const ticketComments = pgTable(
  "ticket_comments",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    ticketId: bigintRef("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    authorId: bigintRef("author_id").references(() => users.id, { onDelete: "set null" }),
    bodyMd: text("body_md").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "ticket_comments_tenant_ticket_id_fkey",
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }),
    index("ticket_comments_tenant_idx").on(t.tenantId),
    index("ticket_comments_ticket_idx").on(t.ticketId),
    index("ticket_comments_author_idx").on(t.authorId),
  ],
);

/** A ticket's history (created, moved, edited, assigned…), written with each change. */
export const ticketActivity = pgTable(
  "ticket_activity",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    ticketId: bigintRef("ticket_id")
      .notNull()
      .references(() => tickets.id, { onDelete: "cascade" }),
    actorId: bigintRef("actor_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    data: jsonb("data")
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "ticket_activity_tenant_ticket_id_fkey",
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }),
    index("ticket_activity_tenant_idx").on(t.tenantId),
    index("ticket_activity_ticket_idx").on(t.ticketId, t.id),
    index("ticket_activity_actor_idx").on(t.actorId),
  ],
);

/**
 * What changed on a board, in commit order: writers append under the board's row
 * lock, so ids increase in the order changes become visible. Live board streams
 * use the id as their cursor. `ticket_id` has no foreign key so a deleted
 * ticket's event survives.
 */
export const boardEvents = pgTable(
  "board_events",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    boardId: bigintRef("board_id")
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    ticketId: bigint("ticket_id", { mode: "number" }),
    kind: text("kind").notNull(),
    actorId: bigintRef("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "board_events_tenant_board_id_fkey",
      columns: [t.tenantId, t.boardId],
      foreignColumns: [boards.tenantId, boards.id],
    }),
    index("board_events_board_idx").on(t.boardId, t.id),
    index("board_events_tenant_idx").on(t.tenantId),
    index("board_events_actor_idx").on(t.actorId),
  ],
);

/** What a workspace-wide live list shows: runs, repositories' config, previews, sandboxes. */
export type WorkspaceEventKind = "run" | "repository" | "preview" | "sandbox";

/**
 * "Something in this workspace's lists changed": appended in the transaction that changes it and
 * notified on commit, so every open list refreshes, and resumable by id like board events.
 */
export const workspaceEvents = pgTable(
  "workspace_events",
  {
    id: id(),
    tenantId: bigintRef("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind").$type<WorkspaceEventKind>().notNull(),
    /** A plain id: the event outlives a deleted subject. */
    subjectId: bigint("subject_id", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("workspace_events_tenant_idx").on(t.tenantId, t.id)],
);
