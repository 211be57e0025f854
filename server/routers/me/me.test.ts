import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, buildRun, buildTenant, buildUser } from "../../../db/seed";
import { createHttpClient, sessionCookieFor, startTestServer } from "../../../test/helpers/http";
import { createContext } from "../../trpc/context";
import { createCaller } from "../../trpc/caller";

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.close());

describe("me.get", () => {
  it("returns the user, their tenant and their roles there", async () => {
    const { tenant, admin } = await buildTenant({ name: "Acme Rockets" });
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: admin.id, tenantId: tenant.id }));
    const me = await client.me.get.query();
    expect(me.user).toMatchObject({ id: admin.id, login: admin.login });
    expect(me.tenant).toEqual({ id: tenant.id, name: "Acme Rockets", slug: "acme-rockets" });
    expect(me.roles).toEqual(["admin"]);
  });

  it("lists a member's role in a tenant they were added to, and their other tenants", async () => {
    const { tenant: home } = await buildTenant();
    const dev = await buildUser();
    await addMember({ tenantId: home.id, userId: dev.id, role: "dev" });
    const { tenant: other } = await buildTenant({ admin: dev });
    const caller = createCaller(await createContext({ cookie: await sessionCookieFor({ userId: dev.id, tenantId: home.id }) }));
    const me = await caller.me.get();
    expect(me.roles).toEqual(["dev"]);
    expect(me.otherTenants.map((t) => t.id)).toEqual([other.id]);
  });

  it("answers 401 UNAUTHORIZED without a session", async () => {
    const response = await fetch(`${server.url}/api/trpc/me.get`);
    expect(response.status).toBe(401);
    await expect(createHttpClient(server.url).me.get.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("answers 401 for a forged or tampered session cookie", async () => {
    const { tenant, admin } = await buildTenant();
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const tampered = cookie.replace(/=(.)/, (_m, c: string) => `=${c === "a" ? "b" : "a"}`);
    const response = await fetch(`${server.url}/api/trpc/me.get`, { headers: { cookie: tampered } });
    expect(response.status).toBe(401);
  });

  it("answers FORBIDDEN once the user is no longer a member of the session's tenant", async () => {
    const { tenant } = await buildTenant();
    const outsider = await buildUser();
    const client = createHttpClient(server.url, await sessionCookieFor({ userId: outsider.id, tenantId: tenant.id }));
    await expect(client.me.get.query()).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });
});

describe("input validation", () => {
  it("answers BAD_REQUEST naming the field, never a 500", async () => {
    const { tenant, admin } = await buildTenant();
    await buildRun({ tenantId: tenant.id });
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const input = encodeURIComponent(JSON.stringify({ json: { runId: "not-a-number" } }));
    const response = await fetch(`${server.url}/api/trpc/agentRuns.events?input=${input}`, {
      headers: { cookie, accept: "text/event-stream" },
    });
    const body = await response.text();
    expect(body).toContain("BAD_REQUEST");
    expect(body).toContain("runId");
    expect(body).not.toContain("INTERNAL_SERVER_ERROR");
  });

  it("answers BAD_REQUEST for malformed JSON input", async () => {
    const { tenant, admin } = await buildTenant();
    const cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
    const response = await fetch(`${server.url}/api/trpc/agentRuns.events?input=%7Bnot-json`, {
      headers: { cookie, accept: "text/event-stream" },
    });
    // A subscription answers over SSE, so the error arrives as a `serialized-error` event.
    const body = await response.text();
    expect(body).toContain("serialized-error");
    expect(body).toContain("BAD_REQUEST");
    expect(body).not.toContain("INTERNAL_SERVER_ERROR");
  });
});
