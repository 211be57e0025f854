import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from ".";
import { git } from "./git-repo";

// Rate limits and branch pages on the wire, read with plain fetch so nothing smooths them over.

let fake: FakeGitHub;
let token: string;

beforeAll(async () => {
  fake = await startFakeGitHub();
  const repo = await fake.createRepo("octocat", "wire");
  const head = (await repo.sha("main"))!;
  const refs = Array.from({ length: 4 }, (_, index) => `create refs/heads/topic-${index} ${head}\n`);
  await git(["update-ref", "--stdin"], { gitDir: repo.gitDir, input: refs.join("") });
  token = fake.issueToken("octocat", ["repo"]);
});

afterAll(async () => {
  await fake?.close();
});

const get = (path: string) => fetch(`${fake.apiUrl}${path}`, { headers: { authorization: `token ${token}` } });

describe("fake GitHub rate limits and paging", () => {
  it("answers the next requests with a secondary rate limit and retry-after, then normally", async () => {
    fake.rateLimit({ kind: "secondary", requests: 2, retryAfter: 1 });
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await get("/repos/octocat/wire");
      expect(refused.status).toBe(403);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toMatchObject({
        message: expect.stringMatching(/^You have exceeded a secondary rate limit\./),
        documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\//),
      });
    }
    expect((await get("/repos/octocat/wire")).status).toBe(200);
  });

  it("answers a primary rate limit with no requests remaining and the reset time", async () => {
    fake.rateLimit({ kind: "primary", requests: 1, resetInSeconds: 120 });
    const refused = await get("/repos/octocat/wire");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(refused.headers.get("x-ratelimit-reset"));
    expect(reset - Date.now() / 1000).toBeGreaterThan(115);
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(120);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/^API rate limit exceeded/) });
  });

  it("limits only the endpoint it was given a path for", async () => {
    fake.rateLimit({ kind: "secondary", requests: 1, status: 429, path: "/repos/octocat/wire/branches" });
    expect((await get("/repos/octocat/wire")).status).toBe(200);
    expect((await get("/repos/octocat/wire/branches")).status).toBe(429);
    expect((await get("/repos/octocat/wire/branches")).status).toBe(200);
  });

  it("pages branches with per_page and page, linking the next page", async () => {
    const first = await get("/repos/octocat/wire/branches?per_page=2");
    expect(((await first.json()) as Array<{ name: string }>).map((branch) => branch.name)).toEqual(["main", "topic-0"]);
    expect(first.headers.get("link")).toContain(`<${fake.apiUrl}/repos/octocat/wire/branches?per_page=2&page=2>; rel="next"`);
    const last = await get("/repos/octocat/wire/branches?per_page=2&page=3");
    expect(((await last.json()) as Array<{ name: string }>).map((branch) => branch.name)).toEqual(["topic-3"]);
    expect(last.headers.get("link")).not.toContain('rel="next"');
  });
});
