import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "./client";
import { agentRuns, projects, ticketComments } from "./schema";
import { buildProject, buildRun, buildTenant } from "./seed";
import { createTicket } from "../server/services/tickets/create-ticket";

/**
 * Workspace-scoped rows reference each other only inside their workspace, and
 * the database itself refuses anything else: every foreign key from a table
 * with a `tenant_id` to another such table has a composite twin on
 * (`tenant_id`, column) → (`tenant_id`, `id`), so a service that forgets to
 * resolve an id in the caller's workspace cannot store a cross-workspace link.
 */
describe("references between workspace rows", () => {
  it("every foreign key between workspace-scoped tables is matched by one on (tenant_id, column)", async () => {
    const keys = await db.execute<{ table: string; target: string; columns: string[] }>(sql`
      select c.conrelid::regclass::text as table, c.confrelid::regclass::text as target,
             array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as columns
      from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace`);
    const scoped = new Set(
      (
        await db.execute<{ table: string }>(sql`
          select table_name as table from information_schema.columns
          where table_schema = 'public' and column_name = 'tenant_id'`)
      ).map((row) => row.table),
    );
    const composite = new Set(
      keys
        .filter((key) => key.columns.length === 2 && key.columns[0] === "tenant_id")
        .map((key) => `${key.table}.${key.columns[1]}`),
    );
    const single = keys.filter(
      (key) => key.columns.length === 1 && scoped.has(key.table) && scoped.has(key.target) && key.target !== "tenants",
    );
    expect(single.length).toBeGreaterThan(40);
    expect(single.map((key) => `${key.table}.${key.columns[0]}`).filter((column) => !composite.has(column))).toEqual([]);
  });

  it("refuses a link into another workspace, and deleting the target still clears or removes the links", async () => {
    const a = await buildTenant();
    const b = await buildTenant();
    const { project: projectA } = await buildProject({ tenantId: a.tenant.id, userId: a.admin.id });
    const ticketA = await createTicket({ tenantId: a.tenant.id, userId: a.admin.id, projectId: projectA.id, title: "A's" });

    // Written straight to the database, as a service that forgot the check would.
    await expect(
      db
        .insert(agentRuns)
        .values({
          tenantId: b.tenant.id,
          ticketId: ticketA.id,
          provider: "claude",
          model: "claude-sonnet-4-6",
          mode: "implement",
          prompt: "x",
        }),
    ).rejects.toMatchObject({
      cause: { code: "23503" },
    });
    await expect(
      db.insert(ticketComments).values({ tenantId: b.tenant.id, ticketId: ticketA.id, bodyMd: "hi" }),
    ).rejects.toMatchObject({
      cause: { code: "23503" },
    });

    // Inside one workspace nothing changes: the link is stored, and a deleted project clears it.
    const run = await buildRun({ tenantId: a.tenant.id, projectId: projectA.id, createdBy: a.admin.id });
    await db.delete(projects).where(eq(projects.id, projectA.id));
    const [after] = await db.select({ projectId: agentRuns.projectId }).from(agentRuns).where(eq(agentRuns.id, run.id));
    expect(after).toEqual({ projectId: null });
  });
});
