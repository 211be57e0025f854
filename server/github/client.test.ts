import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../test/fakes/github";
import { createGitHubClient, githubErrorMessage } from "./client";

// The client against the fake GitHub over HTTP: rate limits are waited out a bounded number of times, then named.

let fake: FakeGitHub;
let token: string;
const lines: Array<Record<string, unknown>> = [];
const logger = pino(
  { level: "warn" },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);

beforeAll(async () => {
  fake = await startFakeGitHub();
  await fake.createRepo("octocat", "limits");
  token = fake.issueToken("octocat", ["repo"]);
});

afterAll(async () => {
  await fake?.close();
});

const client = () => createGitHubClient(fake.apiUrl, token, { logger });
const repoRequests = () => fake.requests.filter((request) => request.path === "/api/v3/repos/octocat/limits").length;

async function failureOf(call: Promise<unknown>) {
  return call.then(
    () => expect.fail("the call succeeded"),
    (error: unknown) => error,
  );
}

describe("githubClient", () => {
  it("waits out a secondary rate limit for its retry-after, then succeeds", async () => {
    const before = repoRequests();
    lines.length = 0;
    fake.rateLimit({ kind: "secondary", requests: 1, retryAfter: 1 });
    const started = Date.now();
    const { data } = await client().rest.repos.get({ owner: "octocat", repo: "limits" });
    expect(data.full_name).toBe("octocat/limits");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(repoRequests() - before).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, limit: "secondary", retryAfter: 1, retrying: true });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("gives up on a secondary rate limit that does not end after two retries, naming the limit", async () => {
    const before = repoRequests();
    lines.length = 0;
    fake.rateLimit({ kind: "secondary", requests: 3, retryAfter: 1 });
    const error = await failureOf(client().rest.repos.get({ owner: "octocat", repo: "limits" }));
    expect(repoRequests() - before).toBe(3);
    expect(githubErrorMessage(error)).toBe("GitHub asked us to slow down (secondary rate limit); try again in 1 s.");
    expect(lines.map((line) => line.retrying)).toEqual([true, true, false]);
  });

  it("fails at once on a primary rate limit that resets far in the future", async () => {
    const before = repoRequests();
    fake.rateLimit({ kind: "primary", requests: 1, resetInSeconds: 3600 });
    const started = Date.now();
    const error = await failureOf(client().rest.repos.get({ owner: "octocat", repo: "limits" }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(repoRequests() - before).toBe(1);
    // The fake resets an hour after it answered, in whole seconds: either side of the call bounds it.
    const at = (ms: number) => `${new Date(Math.floor(ms / 1000) * 1000 + 3600_000).toISOString().slice(11, 16)} UTC.`;
    const expected = [at(started), at(Date.now())].map((time) => `GitHub's rate limit is exhausted until ${time}`);
    expect(expected).toContain(githubErrorMessage(error));
  });

  it("waits out a 429 secondary limit too", async () => {
    fake.rateLimit({ kind: "secondary", requests: 1, retryAfter: 1, status: 429 });
    const { data } = await client().rest.repos.get({ owner: "octocat", repo: "limits" });
    expect(data.name).toBe("limits");
  });
});
