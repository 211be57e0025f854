import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../db/seed";
import { sessionCookieFor, startTestServer } from "../../test/helpers/http";
import { loadRemixBuild, remixHandlerFor, routesWithActions } from "../../test/helpers/remix-build";
import { listProjects } from "../services/projects/list-projects";

let server: Awaited<ReturnType<typeof startTestServer>>;
let build: ServerBuild;
let cookie: string;
let tenantId: number;

beforeAll(async () => {
  build = await loadRemixBuild();
  server = await startTestServer({ remixHandler: remixHandlerFor(build) });
  const { tenant, admin } = await buildTenant({ name: "Form text" });
  tenantId = tenant.id;
  cookie = await sessionCookieFor({ userId: admin.id, tenantId: tenant.id });
});

afterAll(async () => {
  await server?.close();
});

const post = (path: string, body: string | FormData, contentType?: string) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: server.url, ...(contentType ? { "content-type": contentType } : {}) },
    body,
  });

const form = "application/x-www-form-urlencoded";

describe("form posts to Remix actions", () => {
  it("are refused with 400 naming the field on every route with an action when a field holds a NUL byte", async () => {
    for (const route of routesWithActions(build)) {
      const response = await post(route.url, "intent=create&name=Lime%00Green", form);
      expect([route.id, response.status, await response.json()]).toEqual([
        route.id,
        400,
        { fieldErrors: { name: ["Contains a NUL byte, which cannot be stored."] } },
      ]);
    }
  });

  it("are refused the same way as multipart bodies, a NUL in a file's name included", async () => {
    const body = new FormData();
    body.set("description", "one\0two");
    body.set("upload", new Blob(["binary \0 is fine"]), "bad\0name.txt");
    const response = await post("/projects?index", body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      fieldErrors: {
        description: ["Contains a NUL byte, which cannot be stored."],
        upload: ["Contains a NUL byte, which cannot be stored."],
      },
    });
  });

  it("store a lone surrogate's bytes as U+FFFD", async () => {
    const response = await post("/projects?index", "name=Half%ED%A0%80&key=HALF", form);
    expect(response.status).toBe(302);
    const projects = await listProjects({ tenantId });
    expect(projects.find((project) => project.key === "HALF")?.name).toBe("Half\ufffd\ufffd\ufffd");
  });

  // Last: some of these actions switch the session to a new workspace.
  it("reach every action without a 500 when a field holds the UTF-8 bytes of a lone surrogate", async () => {
    for (const route of routesWithActions(build)) {
      const response = await post(route.url, "intent=create&name=Lime%ED%A0%80&key=LONE", form);
      expect([route.id, response.status < 500]).toEqual([route.id, true]);
    }
  });

  it("are refused with 400 when the body is no form despite its Content-Type", async () => {
    const response = await post("/projects?index", "--x\r\nnot a part", "multipart/form-data; boundary=x");
    expect([response.status, await response.text()]).toEqual([400, "Malformed form body."]);
  });
});
