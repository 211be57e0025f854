import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProject, buildRepository, buildRun, buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { startTestServer } from "../../../test/helpers/http";
import { sessionCookieFor } from "../../../test/helpers/trpc-client";

type Caller = Awaited<ReturnType<typeof callerFor>>;

/** A workspace with a HELLO project, two tickets, a run and a repository; every workspace here has the same names. */
async function workspace(name: string) {
  const { tenant, admin } = await buildTenant({ name });
  const caller = await callerFor({ userId: admin.id, tenantId: tenant.id });
  const { project } = await buildProject({ tenantId: tenant.id, userId: admin.id, name: "Hello world", key: "HELLO" });
  const login = await caller.tickets.create({ projectId: project.id, title: "Fix the login redirect" });
  const logout = await caller.tickets.create({ projectId: project.id, title: "Log out everywhere" });
  const run = await buildRun({ tenantId: tenant.id, projectId: project.id, prompt: "Refactor the login form\nThen test it." });
  const repository = await buildRepository({ tenantId: tenant.id, name: "hello-service" });
  return { tenant, admin, caller, project, login, logout, run, repository };
}

let ours: Awaited<ReturnType<typeof workspace>>;
let theirs: Awaited<ReturnType<typeof workspace>>;
let caller: Caller;

beforeAll(async () => {
  ours = await workspace("Ours");
  theirs = await workspace("Theirs");
  caller = ours.caller;
});

describe("search.workspace", () => {
  it("finds a ticket by its key and opens it on its board", async () => {
    const found = await caller.search.workspace({ query: "hello-1" });
    expect(found.tickets[0]).toEqual({
      id: ours.login.id,
      key: "HELLO-1",
      title: "Fix the login redirect",
      projectName: "Hello world",
      url: "/projects/HELLO?ticket=HELLO-1",
    });
  });

  it("finds projects, tickets, runs and repositories by their words", async () => {
    const found = await caller.search.workspace({ query: "  login " });
    expect(found.tickets.map((ticket) => ticket.key)).toEqual(["HELLO-1"]);
    expect(found.runs).toEqual([
      { id: ours.run.id, title: "Refactor the login form", status: "queued", url: `/runs/${ours.run.id}` },
    ]);

    const hello = await caller.search.workspace({ query: "hello" });
    expect(hello.projects).toEqual([{ id: ours.project.id, name: "Hello world", key: "HELLO", url: "/projects/HELLO" }]);
    expect(hello.repositories).toEqual([
      { id: ours.repository.id, fullName: "octocat/hello-service", url: `/repos/${ours.repository.id}` },
    ]);
  });

  it("finds a run by its number", async () => {
    const found = await caller.search.workspace({ query: `#${ours.run.id}` });
    expect(found.runs.map((run) => run.id)).toEqual([ours.run.id]);
  });

  it("never returns another workspace's matches, even under the same key and words", async () => {
    const everything = await Promise.all(
      ["HELLO-1", "HELLO-2", "login", "hello", `#${theirs.run.id}`].map((query) => caller.search.workspace({ query })),
    );
    const ids = everything.flatMap((found) => [
      ...found.projects.map((project) => `project ${project.id}`),
      ...found.tickets.map((ticket) => `ticket ${ticket.id}`),
      ...found.runs.map((run) => `run ${run.id}`),
      ...found.repositories.map((repository) => `repository ${repository.id}`),
    ]);
    expect(ids).toContain(`ticket ${ours.login.id}`);
    for (const foreign of [
      `project ${theirs.project.id}`,
      `ticket ${theirs.login.id}`,
      `ticket ${theirs.logout.id}`,
      `run ${theirs.run.id}`,
      `repository ${theirs.repository.id}`,
    ])
      expect(ids).not.toContain(foreign);
  });

  it("takes a query's % and _ literally", async () => {
    const found = await caller.search.workspace({ query: "%" });
    expect(found).toEqual({ projects: [], tickets: [], runs: [], repositories: [] });
  });

  it("returns at most `limit` of each kind", async () => {
    const found = await caller.search.workspace({ query: "HELLO-", limit: 1 });
    expect(found.tickets).toHaveLength(1);
  });
});

describe("search.workspace over HTTP", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  const search = async (input: unknown) => {
    const cookie = await sessionCookieFor({ userId: ours.admin.id, tenantId: ours.tenant.id });
    const query = encodeURIComponent(JSON.stringify({ json: input }));
    const response = await fetch(`${server.url}/api/trpc/search.workspace?input=${query}`, { headers: { cookie } });
    return { status: response.status, body: (await response.json()) as { error?: { json: { data: { code: string } } } } };
  };

  it("refuses an empty, a blank, an overlong or a missing query with a 400, not a 500", async () => {
    for (const input of [
      { query: "" },
      { query: "   " },
      { query: "x".repeat(101) },
      {},
      { query: "ok", limit: 0 },
      { query: 7 },
    ]) {
      const { status, body } = await search(input);
      expect({ input, status, code: body.error?.json.data.code }).toEqual({ input, status: 400, code: "BAD_REQUEST" });
    }
  });

  it("answers a good query with a 200", async () => {
    expect((await search({ query: "HELLO-1" })).status).toBe(200);
  });
});
