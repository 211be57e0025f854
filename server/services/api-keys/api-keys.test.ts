import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../db/client";
import { auditLog } from "../../../db/schema";
import { buildProject } from "../../../db/seed";
import { createHttpClient } from "../../../test/helpers/trpc-client";
import { startGovernedTenant, type GovernedTenant } from "../../../test/helpers/governed-tenant";

let runtime: GovernedTenant["runtime"];
let tenantId: number;
let adminId: number;
let admin: GovernedTenant["admin"];
let callers: GovernedTenant["callers"];

beforeAll(async () => {
  ({ runtime, tenantId, adminId, admin, callers } = await startGovernedTenant());
  // The key lists the tenant's projects: before this test moved here, earlier tests had made some.
  await buildProject({ tenantId, userId: adminId, name: "Listed", key: "LIST" });
});

afterAll(async () => {
  await runtime?.stop();
});

describe("API keys", () => {
  it("authenticate as their owner narrowed to their scopes, are shown once, and stop working when revoked", async () => {
    const created = await admin.apiKeys.create({ name: "ci", scopes: ["workspace:read", "tickets:write"] });
    expect(created.key).toMatch(/^al_[A-Za-z0-9_-]{40}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const listed = await admin.apiKeys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const [audited] = (await admin.audit.list({ action: "apiKeys.create", limit: 1 })).items;
    expect(JSON.stringify(audited)).not.toContain(created.key);

    const client = createHttpClient(runtime.url, undefined, created.key);
    expect((await client.projects.list.query()).length).toBeGreaterThan(0);
    const { project } = await buildProject({ tenantId, userId: adminId, name: "Keyed", key: "KEYD" });
    const ticket = await client.tickets.create.mutate({ projectId: project.id, title: "Made by a key" });
    expect(ticket.key).toBe("KEYD-1");
    // Out of scope: refused, however powerful the owner.
    await expect(client.agentRuns.create.mutate({ provider: "claude", mode: "plan", prompt: "x" })).rejects.toThrow(
      /API key lacks the "runs:launch" scope/,
    );
    // The audit log names the key.
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "tickets.create"))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(entry).toMatchObject({ actorUserId: adminId, actorApiKeyId: created.id });

    // A viewer cannot mint keys beyond their own permissions.
    await expect(callers.viewer.apiKeys.create({ name: "x", scopes: ["workspace:read"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await admin.apiKeys.revoke({ apiKeyId: created.id });
    await expect(client.projects.list.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    await expect(createHttpClient(runtime.url, undefined, "al_forged").projects.list.query()).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
  });
});
