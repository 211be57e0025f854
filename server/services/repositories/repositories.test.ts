import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant } from "../../../db/seed";
import { callerFor } from "../../../test/helpers/caller";
import { waitFor } from "../../../test/helpers/wait";
import { git } from "../../../test/fakes/github/git-repo";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let runtime: GitHubPipeline["runtime"];
let caller: GitHubPipeline["caller"];
let setUpProject: GitHubPipeline["setUpProject"];

beforeAll(async () => {
  ({ runtime, caller, setUpProject } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

describe("repositories", () => {
  it("lists the connector's repositories page by page, imports, browses files and scans configs", async () => {
    const { repository, connector } = await setUpProject("browse-me", "BRWS");
    for (let i = 0; i < 3; i++) await runtime.github.createRepo("octocat", `extra-${i}`);
    const first = await caller.connectors.repos({ connectorId: connector.id, page: 1, perPage: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.hasNextPage).toBe(true);
    const all = [];
    for (let page = 1; ; page++) {
      const result = await caller.connectors.repos({ connectorId: connector.id, page, perPage: 2 });
      all.push(...result.items);
      if (!result.hasNextPage) break;
    }
    expect(all.map((repo) => repo.fullName)).toContain("octocat/browse-me");
    expect(all.find((repo) => repo.fullName === "octocat/browse-me")?.importedId).toBe(repository.id);

    const tree = await caller.repositories.fileTree({ repositoryId: repository.id });
    expect(tree.entries.map((entry) => entry.path)).toEqual(
      expect.arrayContaining(["README.md", "package.json", "src", "src/app.js"]),
    );
    expect(await caller.repositories.file({ repositoryId: repository.id, path: "src/app.js" })).toMatchObject({
      text: "export const version = 1;\n",
    });
    await expect(caller.repositories.file({ repositoryId: repository.id, path: "nope.txt" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(caller.repositories.file({ repositoryId: repository.id, path: "../etc/passwd" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await caller.repositories.branches({ repositoryId: repository.id })).map((branch) => branch.name)).toEqual(["main"]);

    const configs = await waitFor(async () => {
      const list = await caller.repositories.configs({ repositoryId: repository.id });
      return list.length > 0 && list;
    }, "the config scan job");
    expect(configs.find((config) => config.path === "package.json")).toMatchObject({
      kind: "node",
      detected: { scripts: { test: "node --test" } },
    });

    await caller.repositories.addAlias({ repositoryId: repository.id, alias: "Browser" });
    expect((await caller.repositories.list()).find((repo) => repo.id === repository.id)?.aliases).toEqual(["browser"]);
    const other = await buildTenant({ name: "Nosy" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.repositories.fileTree({ repositoryId: repository.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("keeps where a config scan stands: queued, done with when, then failed with why", async () => {
    const { repository, repo } = await setUpProject("scan-state", "SCST");
    const done = await waitFor(async () => {
      const row = await caller.repositories.get({ repositoryId: repository.id });
      return row.configScanStatus === "done" && row;
    }, "the import's config scan");
    expect(done.configScannedAt).toBeInstanceOf(Date);
    expect(done.configScanError).toBeNull();

    await git(["update-ref", "-d", "refs/heads/main"], { gitDir: repo.gitDir });
    await caller.repositories.scanConfigs({ repositoryId: repository.id });
    expect((await caller.repositories.get({ repositoryId: repository.id })).configScanStatus).toMatch(/^(queued|scanning)$/);
    const failed = await waitFor(async () => {
      const row = await caller.repositories.get({ repositoryId: repository.id });
      return row.configScanStatus === "failed" && row;
    }, "the failed rescan");
    expect(failed.configScanError).toBe("GitHub has no branch main in octocat/scan-state, or the connector cannot read it.");
    expect(failed.configScannedAt).toEqual(done.configScannedAt);
  });

  it("lists every branch of a repository with more than one page of them", async () => {
    const { repository } = await setUpProject("many-branches", "MANY");
    const repo = runtime.github.repo("octocat/many-branches")!;
    const head = (await repo.sha("main"))!;
    const refs = Array.from({ length: 150 }, (_, index) => `create refs/heads/topic-${String(index).padStart(3, "0")} ${head}\n`);
    await git(["update-ref", "--stdin"], { gitDir: repo.gitDir, input: refs.join("") });
    const branches = await caller.repositories.branches({ repositoryId: repository.id });
    expect(branches).toHaveLength(151);
    expect(branches.map((branch) => branch.name)).toContain("topic-149");
  });

  it("names GitHub's rate limit when it is exhausted", async () => {
    const { repository } = await setUpProject("limited", "LIMT");
    runtime.github.rateLimit({ kind: "primary", requests: 1, path: "/repos/octocat/limited/branches" });
    await expect(caller.repositories.branches({ repositoryId: repository.id })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      message: expect.stringMatching(/^GitHub's rate limit is exhausted until \d\d:\d\d UTC\.$/),
    });
  });
});
