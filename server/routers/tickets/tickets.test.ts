import { beforeEach, describe, expect, it } from "vitest";
import { addMember, buildTenant, buildUser } from "../../../db/seed";
import { sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { callerFor } from "../../../test/helpers/caller";

type Caller = Awaited<ReturnType<typeof callerFor>>;
let caller: Caller;
let tenantId: number;
let adminId: number;
let projectId: number;

beforeEach(async () => {
  const { tenant, admin } = await buildTenant();
  tenantId = tenant.id;
  adminId = admin.id;
  caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
  ({
    project: { id: projectId },
  } = await caller.projects.create({ name: "Lime", key: "lime" }));
});

const columnTitles = async (column: string) =>
  (await caller.projects.board({ projectId })).tickets.filter((t) => t.columnKey === column).map((t) => t.title);

describe("projects", () => {
  it("creates a project with an upper-cased key and a board with the default columns", async () => {
    const board = await caller.projects.board({ key: "LIME" });
    expect(board.project).toMatchObject({ name: "Lime", key: "LIME" });
    expect(board.board.columns.map((c) => c.key)).toEqual(["backlog", "todo", "in_progress", "review", "done"]);
    expect(await caller.projects.list()).toEqual([expect.objectContaining({ key: "LIME", ticketCount: 0 })]);
  });

  it("refuses a duplicate key in the tenant but allows it in another tenant", async () => {
    await expect(caller.projects.create({ name: "Again", key: "LIME" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A project with the key LIME already exists.",
    });
    const other = await buildTenant();
    const theirs = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(theirs.projects.create({ name: "Lime", key: "LIME" })).resolves.toBeTruthy();
  });

  it("refuses a malformed key with the field named", async () => {
    await expect(caller.projects.create({ name: "X", key: "1-bad" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("key: Key must be 2–10 letters"),
    });
  });

  it("archives a project, hiding it from the list and refusing new tickets", async () => {
    await caller.projects.archive({ projectId });
    expect(await caller.projects.list()).toEqual([]);
    await expect(caller.tickets.create({ projectId, title: "Late" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("tickets", () => {
  it("numbers tickets per project: LIME-1, LIME-2…", async () => {
    const a = await caller.tickets.create({ projectId, title: "First" });
    const b = await caller.tickets.create({ projectId, title: "Second" });
    expect([a.key, b.key]).toEqual(["LIME-1", "LIME-2"]);
    expect((await caller.tickets.get({ key: "lime-2" })).title).toBe("Second");
  });

  it("allocates keys without gaps or duplicates under concurrency", async () => {
    const created = await Promise.all(Array.from({ length: 40 }, (_, i) => caller.tickets.create({ projectId, title: `T${i}` })));
    expect(created.map((t) => t.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("puts new tickets at the top of the column", async () => {
    await caller.tickets.create({ projectId, title: "Old" });
    await caller.tickets.create({ projectId, title: "New" });
    expect(await columnTitles("backlog")).toEqual(["New", "Old"]);
  });

  it("moves within and across columns, changing only the moved ticket", async () => {
    const c = await caller.tickets.create({ projectId, title: "C" });
    const b = await caller.tickets.create({ projectId, title: "B" });
    const a = await caller.tickets.create({ projectId, title: "A" });
    await caller.tickets.move({ ticketId: a.id, toColumnKey: "backlog", afterTicketId: c.id });
    expect(await columnTitles("backlog")).toEqual(["B", "C", "A"]);
    const before = await caller.projects.board({ projectId });
    await caller.tickets.move({ ticketId: c.id, toColumnKey: "todo", afterTicketId: null });
    const after = await caller.projects.board({ projectId });
    expect(await columnTitles("todo")).toEqual(["C"]);
    expect(after.tickets.find((t) => t.id === b.id)?.rank).toBe(before.tickets.find((t) => t.id === b.id)?.rank);
  });

  it("never produces duplicate or lost positions when many moves race", async () => {
    const created: { id: number }[] = [];
    for (let i = 0; i < 12; i++) created.push(await caller.tickets.create({ projectId, title: `T${i}` }));
    const columns = ["backlog", "todo", "in_progress"];
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        caller.tickets.move({
          ticketId: created[i % 12]!.id,
          toColumnKey: columns[i % 3]!,
          afterTicketId: i % 2 ? null : created[(i + 5) % 12]!.id,
        }),
      ),
    );
    for (const result of results) {
      // A move after a ticket that another move took away is refused as a conflict, never corrupted.
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "CONFLICT" });
    }
    const board = await caller.projects.board({ projectId });
    expect(board.tickets).toHaveLength(12);
    for (const column of columns) {
      const ranks = board.tickets.filter((t) => t.columnKey === column).map((t) => t.rank);
      expect(new Set(ranks).size).toBe(ranks.length);
    }
  });

  it("refuses a move into a column over its WIP limit with a clear message", async () => {
    const board = await caller.projects.board({ projectId });
    await caller.projects.updateColumns({
      boardId: board.board.id,
      columns: board.board.columns.map((c) => (c.key === "in_progress" ? { ...c, wipLimit: 1 } : c)),
    });
    const a = await caller.tickets.create({ projectId, title: "A" });
    const b = await caller.tickets.create({ projectId, title: "B" });
    await caller.tickets.move({ ticketId: a.id, toColumnKey: "in_progress", afterTicketId: null });
    await expect(caller.tickets.move({ ticketId: b.id, toColumnKey: "in_progress", afterTicketId: null })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: '"In progress" is at its WIP limit of 1; finish or move a ticket out first.',
    });
    // Reordering inside the full column is still allowed.
    await expect(caller.tickets.move({ ticketId: a.id, toColumnKey: "in_progress", afterTicketId: null })).resolves.toBeTruthy();
  });

  it("never lets concurrent moves push a column past its WIP limit", async () => {
    const board = await caller.projects.board({ projectId });
    await caller.projects.updateColumns({
      boardId: board.board.id,
      columns: board.board.columns.map((c) => (c.key === "review" ? { ...c, wipLimit: 3 } : c)),
    });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => caller.tickets.create({ projectId, title: `R${i}` })));
    const results = await Promise.allSettled(
      created.map((t) => caller.tickets.move({ ticketId: t.id, toColumnKey: "review", afterTicketId: null })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await columnTitles("review")).toHaveLength(3);
  });

  it("re-checks under its locks what a move read first (tenant, column, WIP limit, archived) and changes nothing when refusing", async () => {
    // A move reads the ticket and the gap without locks, then al_move_ticket locks and re-checks:
    // call it directly with what a racing reader could have seen.
    const stale = await caller.tickets.create({ projectId, title: "Stale" });
    const board = await caller.projects.board({ projectId });
    await caller.projects.updateColumns({
      boardId: board.board.id,
      columns: board.board.columns.map((c) => (c.key === "todo" ? { ...c, wipLimit: 1 } : c)),
    });
    const filler = await caller.tickets.create({ projectId, title: "Filler", columnKey: "todo" });
    const other = await buildTenant();
    const events = async () =>
      Number(
        (await db.execute<{ n: string }>(sql`select count(*) as n from board_events where board_id = ${board.board.id}`))[0]!.n,
      );
    const eventsBefore = await events();
    const moveCode = (options: { tenantId?: number; column?: string }) =>
      db
        .execute(
          sql`select * from al_move_ticket(${options.tenantId ?? tenantId}, ${stale.id}, ${board.board.id},
                ${options.column ?? "todo"}, ${"a0V"}, ${adminId}, null, 'al_events')`,
        )
        .then(
          () => "moved",
          (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code,
        );

    expect(await moveCode({ tenantId: other.tenant.id })).toBe("AL404");
    expect(await moveCode({ column: "deleted-meanwhile" })).toBe("AL409");
    expect(await moveCode({ column: "todo" })).toBe("AL412");
    await caller.tickets.archive({ ticketId: stale.id });
    expect(await moveCode({ column: "review" })).toBe("AL400");

    const after = await caller.tickets.get({ ticketId: stale.id });
    expect(after.columnKey).toBe("backlog");
    expect(after.activity.filter((entry) => entry.kind === "moved")).toEqual([]);
    expect(await events()).toBe(eventsBefore + 1); // the archive's event only
    expect(await columnTitles("todo")).toEqual([filler.title]);
  });

  it("refuses bad input with 4xx errors a user can read", async () => {
    const t = await caller.tickets.create({ projectId, title: "T" });
    await expect(caller.tickets.create({ projectId, title: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "title: Title cannot be empty.",
    });
    await expect(caller.tickets.create({ projectId, title: "x".repeat(201) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      caller.tickets.update({ ticketId: t.id, labels: Array.from({ length: 21 }, (_, i) => `l${i}`) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.tickets.move({ ticketId: t.id, toColumnKey: "nowhere", afterTicketId: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'Unknown column "nowhere".',
    });
    await caller.tickets.archive({ ticketId: t.id });
    await expect(caller.tickets.move({ ticketId: t.id, toColumnKey: "todo", afterTicketId: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Archived tickets cannot be moved; restore it first.",
    });
  });

  it("answers NOT_FOUND for another tenant's tickets and projects", async () => {
    const t = await caller.tickets.create({ projectId, title: "Mine" });
    const other = await buildTenant();
    const theirs = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(theirs.tickets.get({ ticketId: t.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.tickets.move({ ticketId: t.id, toColumnKey: "todo", afterTicketId: null })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(theirs.tickets.update({ ticketId: t.id, title: "Stolen" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.tickets.delete({ ticketId: t.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.projects.board({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.tickets.create({ projectId, title: "Sneaky" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await caller.tickets.get({ ticketId: t.id })).title).toBe("Mine");
  });

  it("refuses an assignee from outside the tenant", async () => {
    const t = await caller.tickets.create({ projectId, title: "T" });
    const stranger = await buildUser();
    await expect(caller.tickets.update({ ticketId: t.id, assigneeId: stranger.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("records history: created, moved, edited, assigned, commented", async () => {
    const dev = await buildUser({ login: "dev-1" });
    await addMember({ tenantId, userId: dev.id, role: "dev" });
    const t = await caller.tickets.create({ projectId, title: "Track me" });
    await caller.tickets.move({ ticketId: t.id, toColumnKey: "todo", afterTicketId: null });
    await caller.tickets.update({ ticketId: t.id, title: "Tracked", descriptionMd: "## Why\nBecause." });
    await caller.tickets.update({ ticketId: t.id, assigneeId: dev.id });
    await caller.tickets.addComment({ ticketId: t.id, bodyMd: "Looks good" });
    const ticket = await caller.tickets.get({ ticketId: t.id });
    expect(ticket.activity.map((a) => a.kind)).toEqual(["commented", "assigned", "edited", "moved", "created"]);
    expect(ticket.activity.find((a) => a.kind === "moved")?.data).toEqual({ from: "backlog", to: "todo" });
    expect(ticket.activity.find((a) => a.kind === "edited")?.data).toEqual({ fields: ["title", "description"] });
    expect(ticket.activity.every((a) => a.actor?.id === adminId)).toBe(true);
    expect(ticket.assignee).toMatchObject({ id: dev.id, login: "dev-1" });
    expect(ticket.comments.map((c) => c.bodyMd)).toEqual(["Looks good"]);
  });

  it("archives, restores and deletes tickets", async () => {
    const t = await caller.tickets.create({ projectId, title: "Gone soon" });
    await caller.tickets.archive({ ticketId: t.id });
    expect(await columnTitles("backlog")).toEqual([]);
    await caller.tickets.archive({ ticketId: t.id, archived: false });
    expect(await columnTitles("backlog")).toEqual(["Gone soon"]);
    await caller.tickets.delete({ ticketId: t.id });
    await expect(caller.tickets.get({ ticketId: t.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const next = await caller.tickets.create({ projectId, title: "Next" });
    expect(next.number).toBe(2);
  });
});

describe("board columns", () => {
  it("adds, renames, reorders and deletes empty columns; refuses to delete one with tickets", async () => {
    const { board } = await caller.projects.board({ projectId });
    const [backlog, todo, inProgress, review, done] = board.columns;
    const updated = await caller.projects.updateColumns({
      boardId: board.id,
      columns: [todo!, { ...backlog!, name: "Icebox" }, { name: "QA", wipLimit: 2 }, inProgress!, done!],
    });
    expect(updated.columnsJson.map((c) => `${c.key}:${c.name}`)).toEqual([
      "todo:To do",
      "backlog:Icebox",
      "qa:QA",
      "in_progress:In progress",
      "done:Done",
    ]);
    expect(review).toBeTruthy();

    await caller.tickets.create({ projectId, title: "Blocker", columnKey: "qa" });
    await expect(
      caller.projects.updateColumns({ boardId: board.id, columns: updated.columnsJson.filter((c) => c.key !== "qa") }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: 'Column "QA" still has 1 ticket(s); move them before deleting it.',
    });
  });
});
