import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../db/seed";
import { sessionCookieFor, startTestServer } from "../../test/helpers/http";
import { loadRemixBuild, remixHandlerFor, routesWithActions } from "../../test/helpers/remix-build";

let server: Awaited<ReturnType<typeof startTestServer>>;
let build: ServerBuild;
let cookie: string;

beforeAll(async () => {
  build = await loadRemixBuild();
  server = await startTestServer({ remixHandler: remixHandlerFor(build) });
  const { tenant, admin } = await buildTenant({ name: "Cross-site" });
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
});

afterAll(async () => {
  await server?.close();
});

const formPost = (path: string, headers: Record<string, string>) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "intent=anything",
  });

const crossSite = [
  ["a foreign Origin", { origin: "https://evil.example" }],
  ["a null Origin", { origin: "null" }],
  ["a foreign Referer without Origin", { referer: "https://evil.example/page" }],
  ["a look-alike Origin on another port", { origin: "http://127.0.0.1:1" }],
] as const;

describe("cross-site requests", () => {
  it("finds the routes that change state in the Remix build: logout and the OAuth starts among them", () => {
    const urls = routesWithActions(build).map((route) => route.url);
    expect(urls).toEqual(expect.arrayContaining(["/logout", "/auth/github", "/connectors/github"]));
  });

  it.each(crossSite)("are refused with 403 on every route with an action, with %s", async (_what, headers) => {
    for (const route of routesWithActions(build)) {
      const response = await formPost(route.url, headers);
      expect([route.id, response.status, await response.text()]).toEqual([route.id, 403, "Cross-site request refused."]);
    }
    expect((await formPost("/api/images", { ...headers, "content-type": "image/png" })).status).toBe(403);
  });

  it("leave same-origin posts, and posts without Origin or Referer, to the route", async () => {
    const sameSite: Record<string, string>[] = [{ origin: server.url }, { referer: `${server.url}/settings` }, {}];
    for (const headers of sameSite) {
      const response = await formPost("/logout", headers);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/login");
    }
  });

  it("leave signed webhooks to their signature check", async () => {
    const response = await fetch(`${server.url}/webhooks/github/999999`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(404);
  });

  it("leave tRPC to refuse the simple content types a cross-site form can send", async () => {
    for (const contentType of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const response = await fetch(`${server.url}/api/trpc/projects.create`, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": contentType },
        body: JSON.stringify({ json: { name: "Forged", key: "FRGD" } }),
      });
      expect([contentType, response.ok]).toEqual([contentType, false]);
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
  });
});
