import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { buildProject } from "../../../db/seed";
import { appRouter } from "../../routers/app-router";
import { declaredPermissions } from "../../trpc/declared-permissions";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin } = await startGovernedTenant());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("audit log", () => {
  it("writes who, what, target and request id in the mutation's transaction — a failed mutation leaves none", async () => {
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Audited", key: "AUDT" });
    const before = (await admin.audit.list({ limit: 200 })).items.length;
    const ticket = await admin.tickets.create({ projectId: project.id, title: "Audited ticket" });
    const [latest] = (await admin.audit.list({ action: "tickets.create", limit: 1 })).items;
    expect(latest).toMatchObject({
      action: "tickets.create",
      targetType: "tickets",
      targetId: String(project.id),
      actor: { id: adminId },
      requestId: "test",
    });
    expect(latest!.after).toMatchObject({ input: { title: "Audited ticket" }, result: { id: ticket.id, key: "AUDT-1" } });

    // A move audits itself, in its own transaction: the column it left and where it went.
    await admin.tickets.move({ ticketId: ticket.id, toColumnKey: "todo", afterTicketId: null });
    const [moved] = (await admin.audit.list({ action: "tickets.move", limit: 1 })).items;
    expect(moved).toMatchObject({
      targetType: "tickets",
      targetId: String(ticket.id),
      actor: { id: adminId },
      requestId: "test",
    });
    expect(moved!.before).toEqual({ columnKey: "backlog" });
    expect(moved!.after).toMatchObject({ input: { toColumnKey: "todo", afterTicketId: null }, result: { columnKey: "todo" } });

    // A move to a column that does not exist is refused: no change, no audit entry.
    const count = async () => (await admin.audit.list({ limit: 200 })).items.length;
    const afterCreate = await count();
    expect(afterCreate).toBeGreaterThan(before);
    await expect(admin.tickets.move({ ticketId: ticket.id, toColumnKey: "nope", afterTicketId: null })).rejects.toBeTruthy();
    expect(await count()).toBe(afterCreate);
    // Secrets never reach the log.
    await admin.connectors.create({ kind: "pat", token: runtime.github.issuePersonalToken("octocat") }).catch(() => undefined);
    const rows = await db.execute(sql`select after::text as after from audit_log where action = 'connectors.create'`);
    for (const row of rows as unknown as Array<{ after: string }>) expect(row.after).not.toMatch(/ghp_/);
    // The app has no way to change entries: no procedure updates or deletes them.
    expect(Object.keys(declaredPermissions(appRouter)).filter((path) => path.startsWith("audit.") && path !== "audit.list")).toEqual([]);
  });
});
