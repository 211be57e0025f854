import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { auditLog, tickets } from "../../db/schema";
import { buildProject, buildTenant } from "../../db/seed";
import { sessionCookieFor, startTestServer } from "../../test/helpers/http";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

async function signedIn() {
  const { tenant, admin } = await buildTenant();
  const { project } = await buildProject({ tenantId: tenant.id, userId: admin.id });
  return { tenant, project, cookie: await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }) };
}

/** A mutation over HTTP as the browser's client sends it (superjson's `{ json }` envelope). */
async function mutate(cookie: string, path: string, input: unknown) {
  const response = await fetch(`${server.url}/api/trpc/${path}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      result?: { data: { json: Record<string, unknown> } };
      error?: { json: { message: string; data: { issues: unknown } } };
    },
  };
}

describe("text Postgres cannot store", () => {
  it("refuses a NUL byte with a 400 naming the field, for any procedure", async () => {
    const { project, cookie } = await signedIn();
    const created = await mutate(cookie, "tickets.create", { projectId: project.id, title: "a\u0000b" });
    expect(created.status).toBe(400);
    expect(created.body.error?.json.data.issues).toEqual([
      { path: "title", message: "Contains a NUL byte, which cannot be stored." },
    ]);
    expect(created.body.error?.json.message).toBe("title: Contains a NUL byte, which cannot be stored.");

    const renamed = await mutate(cookie, "projects.update", { projectId: project.id, name: "ok", description: "x\u0000" });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error?.json.message).toContain("description: Contains a NUL byte");

    const nested = await mutate(cookie, "tickets.create", { projectId: project.id, title: "fine", labels: ["ok", "b\u0000d"] });
    expect(nested.status).toBe(400);
    expect(nested.body.error?.json.message).toContain("labels.1: Contains a NUL byte");
  });

  it("refuses a NUL byte in a query's input too", async () => {
    const { cookie } = await signedIn();
    const input = encodeURIComponent(JSON.stringify({ json: { action: "tickets\u0000" } }));
    const response = await fetch(`${server.url}/api/trpc/audit.list?input=${input}`, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("action: Contains a NUL byte");
  });

  it("stores a lone surrogate as U+FFFD, in the row and in its audit entry", async () => {
    const { tenant, project, cookie } = await signedIn();
    const created = await mutate(cookie, "tickets.create", {
      projectId: project.id,
      title: "\ud800x",
      descriptionMd: "half \udc00 pair",
    });
    expect(created.status).toBe(200);
    const id = created.body.result!.data.json.id as number;
    const [row] = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, id), eq(tickets.tenantId, tenant.id)));
    expect(row).toMatchObject({ title: "\ufffdx", descriptionMd: "half \ufffd pair" });
    const [entry] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "tickets.create")));
    expect(entry?.after).toMatchObject({ input: { title: "\ufffdx" } });
  });

  it("keeps an emoji cut in half by the audit log's text limit storable", async () => {
    const { tenant, project, cookie } = await signedIn();
    // 499 characters, then an emoji whose two halves straddle the 500-character cut.
    const descriptionMd = `${"a".repeat(499)}😀 tail`;
    const created = await mutate(cookie, "tickets.create", { projectId: project.id, title: "Long", descriptionMd });
    expect(created.status).toBe(200);
    const [entry] = await db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "tickets.create")));
    expect((entry?.after as { input: { descriptionMd: string } }).input.descriptionMd).toBe(`${"a".repeat(499)}\ufffd…`);
  });
});
