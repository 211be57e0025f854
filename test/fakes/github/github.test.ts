import { createHmac } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from ".";
import { git } from "./git-repo";
import { startReceiver, type Receiver } from "../../helpers/receiver";

// The fake GitHub, exercised with the real Octokit client and the real git binary.

let fake: FakeGitHub;
let work: string;
let sink: Receiver;
const receiver = { url: "" };

beforeAll(async () => {
  fake = await startFakeGitHub({
    users: [
      { id: 583231, login: "octocat", name: "The Octocat", email: "octocat@example.test" },
      { id: 9919, login: "hubot", name: "Hubot", email: "hubot@example.test" },
      { id: 7777, login: "mona", name: "Mona", email: null },
      { id: 7778, login: "many", name: null, email: null, emails: ["m1@example.test", "m2@example.test", "m3@example.test"] },
    ],
  });
  work = await mkdtemp(path.join(os.tmpdir(), "fake-github-test-"));
  // A webhook receiver like the app's: records what arrives, answers 200.
  sink = await startReceiver({ reply: () => ({ contentType: "text/plain", body: "thanks" }) });
  receiver.url = `${sink.url}/webhooks/github`;
});

afterAll(async () => {
  await fake?.close();
  await sink?.close();
  await rm(work, { recursive: true, force: true });
});

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const client = (token: string) => new Octokit({ auth: token, baseUrl: fake.apiUrl, log: quiet });
const basicHeader = (token: string) => `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`;
const received = (event: string, repo: string) =>
  sink.received
    .map(({ headers, body }) => ({ headers, raw: body, json: JSON.parse(body) as Record<string, unknown> }))
    .filter(
      (request) =>
        request.headers["x-github-event"] === event && (request.json.repository as { full_name: string }).full_name === repo,
    );

async function addHook(octokit: Octokit, owner: string, repo: string, events: string[]) {
  const { data } = await octokit.rest.repos.createWebhook({
    owner,
    repo,
    config: { url: receiver.url, content_type: "json", secret: "hook-secret", insecure_ssl: "0" },
    events,
    active: true,
  });
  return data;
}

describe("repositories and contents", () => {
  it("lists the user's repositories page by page, with Link headers Octokit follows", async () => {
    for (const name of ["e-five", "a-one", "c-three", "b-two", "d-four"]) await fake.createRepo("hubot", name);
    await fake.createRepo("octocat", "not-hubots");
    const octokit = client(fake.issuePersonalToken("hubot"));
    const before = fake.requests.length;

    const repos = await octokit.paginate(octokit.rest.repos.listForAuthenticatedUser, { per_page: 2 });

    expect(repos.map((repo) => repo.full_name)).toEqual([
      "hubot/a-one",
      "hubot/b-two",
      "hubot/c-three",
      "hubot/d-four",
      "hubot/e-five",
    ]);
    expect(fake.requests.slice(before).filter((request) => request.path === "/api/v3/user/repos")).toHaveLength(3);
    const first = await octokit.rest.repos.listForAuthenticatedUser({ per_page: 2 });
    expect(first.headers.link).toBe(
      `<${fake.apiUrl}/user/repos?per_page=2&page=2>; rel="next", <${fake.apiUrl}/user/repos?per_page=2&page=3>; rel="last"`,
    );
    expect(repos[0]).toMatchObject({ owner: { login: "hubot", type: "User" }, permissions: { admin: true, push: true } });
  });

  it("lists the user's emails page by page, the primary first", async () => {
    const octokit = client(fake.issueToken("many"));
    const first = await octokit.rest.users.listEmailsForAuthenticatedUser({ per_page: 2 });
    expect(first.data.map((entry) => [entry.email, entry.primary])).toEqual([
      ["m1@example.test", true],
      ["m2@example.test", false],
    ]);
    expect(first.headers.link).toBe(
      `<${fake.apiUrl}/user/emails?per_page=2&page=2>; rel="next", <${fake.apiUrl}/user/emails?per_page=2&page=2>; rel="last"`,
    );
    const all = await octokit.paginate(octokit.rest.users.listEmailsForAuthenticatedUser, { per_page: 2 });
    expect(all.map((entry) => entry.email)).toEqual(["m1@example.test", "m2@example.test", "m3@example.test"]);
  });

  it("serves a repository, its branches, trees and contents", async () => {
    const repo = await fake.createRepo("octocat", "contents", {
      files: { "README.md": "# contents\n", "src/index.ts": "export const answer = 42;\n", "src/lib/util.ts": "x".repeat(100) },
      defaultBranch: "trunk",
      private: true,
    });
    const octokit = client(fake.issuePersonalToken("octocat"));
    const owner = "octocat";
    const name = "contents";

    const { data } = await octokit.rest.repos.get({ owner, repo: name });
    expect(data).toMatchObject({
      id: repo.id,
      name,
      full_name: "octocat/contents",
      private: true,
      owner: { login: "octocat", id: 583231, type: "User" },
      html_url: `${fake.url}/octocat/contents`,
      clone_url: `${fake.url}/octocat/contents.git`,
      default_branch: "trunk",
      description: null,
      permissions: { admin: true, push: true, pull: true },
    });
    expect(data.pushed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const sha = await repo.sha("trunk");
    const { data: branches } = await octokit.rest.repos.listBranches({ owner, repo: name });
    expect(branches).toEqual([{ name: "trunk", commit: { sha, url: expect.any(String) }, protected: false }]);
    const { data: branch } = await octokit.rest.repos.getBranch({ owner, repo: name, branch: "trunk" });
    expect(branch).toMatchObject({ name: "trunk", commit: { sha, commit: { message: "Initial commit" } }, protected: false });
    await expect(octokit.rest.repos.getBranch({ owner, repo: name, branch: "nope" })).rejects.toMatchObject({ status: 404 });

    const { data: tree } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: "trunk", recursive: "1" });
    expect(tree.truncated).toBe(false);
    expect(tree.tree.map((entry) => [entry.path, entry.type])).toEqual([
      ["README.md", "blob"],
      ["src", "tree"],
      ["src/index.ts", "blob"],
      ["src/lib", "tree"],
      ["src/lib/util.ts", "blob"],
    ]);
    expect(tree.tree.find((entry) => entry.path === "src/lib/util.ts")).toMatchObject({ mode: "100644", size: 100 });
    const { data: top } = await octokit.rest.git.getTree({ owner, repo: name, tree_sha: sha! });
    expect(top.tree.map((entry) => entry.path)).toEqual(["README.md", "src"]);

    const { data: file } = await octokit.rest.repos.getContent({ owner, repo: name, path: "src/lib/util.ts", ref: "trunk" });
    if (Array.isArray(file) || file.type !== "file") throw new Error("expected a file");
    expect(file).toMatchObject({ type: "file", encoding: "base64", size: 100, name: "util.ts", path: "src/lib/util.ts" });
    expect(file.content.split("\n").every((line) => line.length <= 60)).toBe(true);
    expect(file.content.endsWith("\n")).toBe(true);
    expect(Buffer.from(file.content, "base64").toString()).toBe("x".repeat(100));

    const { data: folder } = await octokit.rest.repos.getContent({ owner, repo: name, path: "src" });
    if (!Array.isArray(folder)) throw new Error("expected a folder");
    expect(folder.map((entry) => ({ type: entry.type, name: entry.name, path: entry.path }))).toEqual([
      { type: "file", name: "index.ts", path: "src/index.ts" },
      { type: "dir", name: "lib", path: "src/lib" },
    ]);
    const { data: raw } = await octokit.rest.repos.getContent({
      owner,
      repo: name,
      path: "src/index.ts",
      mediaType: { format: "raw" },
    });
    expect(raw).toBe("export const answer = 42;\n");

    await expect(octokit.rest.repos.getContent({ owner, repo: name, path: "missing.txt" })).rejects.toMatchObject({
      status: 404,
    });
    // A private repository is "Not Found" to anyone who cannot see it.
    await expect(client(fake.issuePersonalToken("mona")).rest.repos.get({ owner, repo: name })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: "Not Found" } },
    });
  });
});

describe("git over HTTP", () => {
  it("clones and pushes with the token in http.extraHeader, and delivers a signed push webhook", async () => {
    const repo = await fake.createRepo("octocat", "git-demo", { private: true, files: { "README.md": "# git-demo\n" } });
    const token = fake.issuePersonalToken("octocat");
    const hook = await addHook(client(token), "octocat", "git-demo", ["push"]);
    expect(hook.config).toEqual({ url: receiver.url, content_type: "json", insecure_ssl: "0", secret: "********" });
    await fake.idle();
    expect(received("ping", "octocat/git-demo")).toHaveLength(1);

    const dir = path.join(work, "git-demo");
    await git(["-c", `http.extraHeader=${basicHeader(token)}`, "clone", "--quiet", repo.cloneUrl, dir]);
    expect(await readFile(path.join(dir, "README.md"), "utf8")).toBe("# git-demo\n");
    // The token never lands in the clone's configuration.
    expect(await readFile(path.join(dir, ".git", "config"), "utf8")).not.toContain(token);

    await git(["checkout", "--quiet", "-b", "feature/hello"], { cwd: dir });
    await writeFile(path.join(dir, "hello.txt"), "hello\n");
    await git(["add", "hello.txt"], { cwd: dir });
    await git(["-c", "user.name=Octo Cat", "-c", "user.email=octocat@example.test", "commit", "--quiet", "-m", "Say hello"], {
      cwd: dir,
    });
    await git(["-c", `http.extraHeader=${basicHeader(token)}`, "push", "--quiet", "origin", "feature/hello"], { cwd: dir });

    expect(await repo.branches()).toEqual(["feature/hello", "main"]);
    expect(await repo.readFile("feature/hello", "hello.txt")).toBe("hello\n");
    expect(await repo.log("feature/hello")).toEqual(["Say hello", "Initial commit"]);

    await fake.idle();
    const [push] = received("push", "octocat/git-demo");
    expect(push?.headers["x-github-hook-id"]).toBe(String(hook.id));
    expect(push?.headers["user-agent"]).toBe("GitHub-Hookshot/fake");
    expect(push?.headers["x-hub-signature-256"]).toBe(
      `sha256=${createHmac("sha256", "hook-secret").update(push!.raw).digest("hex")}`,
    );
    expect(push?.json).toMatchObject({
      ref: "refs/heads/feature/hello",
      before: "0".repeat(40),
      after: await repo.sha("feature/hello"),
      created: true,
      deleted: false,
      pusher: { name: "octocat" },
      sender: { login: "octocat" },
      repository: { full_name: "octocat/git-demo" },
      commits: [{ message: "Say hello", added: ["hello.txt"], author: { name: "Octo Cat", username: "octocat" } }],
      head_commit: { message: "Say hello" },
    });
    expect(fake.deliveries.find((delivery) => delivery.event === "push")).toMatchObject({
      hookId: hook.id,
      status: 200,
      body: "thanks",
    });

    // Bearer works too, and so does the token as a Basic password for ls-remote.
    const bearer = await git(["-c", `http.extraHeader=Authorization: Bearer ${token}`, "ls-remote", repo.cloneUrl]);
    expect(bearer.stdout).toContain("refs/heads/feature/hello");
  });

  it("refuses git without a valid token, or with a token whose user cannot see the repository", async () => {
    const repo = await fake.createRepo("octocat", "git-locked", { private: true });
    const before = fake.requests.length;
    const anonymous = await git(["clone", "--quiet", repo.cloneUrl, path.join(work, "anon")], { allowFailure: true });
    expect(anonymous.code).not.toBe(0);
    expect(fake.requests.slice(before)).toContainEqual({
      method: "GET",
      path: "/octocat/git-locked.git/info/refs",
      authorization: false,
    });

    const stranger = await git(
      ["-c", `http.extraHeader=${basicHeader(fake.issuePersonalToken("mona"))}`, "ls-remote", repo.cloneUrl],
      {
        allowFailure: true,
      },
    );
    expect(stranger.code).not.toBe(0);
    expect(stranger.stderr).toMatch(/not found/i);

    const revoked = fake.issuePersonalToken("octocat");
    fake.revokeToken(revoked);
    const rejected = await git(["-c", `http.extraHeader=${basicHeader(revoked)}`, "ls-remote", repo.cloneUrl], {
      allowFailure: true,
    });
    expect(rejected.code).not.toBe(0);

    // A collaborator may push; someone who can only read a public repository may not.
    const open = await fake.createRepo("octocat", "git-public", { collaborators: ["hubot"] });
    const dir = path.join(work, "git-public");
    await git(["-c", `http.extraHeader=${basicHeader(fake.issuePersonalToken("mona"))}`, "clone", "--quiet", open.cloneUrl, dir]);
    await git(["-c", "user.name=Mona", "-c", "user.email=mona@example.test", "commit", "--quiet", "--allow-empty", "-m", "Hi"], {
      cwd: dir,
    });
    const refused = await git(
      ["-c", `http.extraHeader=${basicHeader(fake.issuePersonalToken("mona"))}`, "push", "origin", "HEAD:mona"],
      {
        cwd: dir,
        allowFailure: true,
      },
    );
    expect(refused.code).not.toBe(0);
    await git(
      ["-c", `http.extraHeader=${basicHeader(fake.issuePersonalToken("hubot"))}`, "push", "--quiet", "origin", "HEAD:hubot"],
      {
        cwd: dir,
      },
    );
    expect(await open.branches()).toEqual(["hubot", "main"]);
  });

  it("refuses a push that touches .github/workflows/ from a token without the workflow scope, in GitHub's words", async () => {
    const repo = await fake.createRepo("octocat", "git-ci");
    const dir = path.join(work, "git-ci");
    const pat = fake.issuePersonalToken("octocat", ["repo"]);
    await git(["-c", `http.extraHeader=${basicHeader(pat)}`, "clone", "--quiet", repo.cloneUrl, dir]);
    await mkdir(path.join(dir, ".github", "workflows"), { recursive: true });
    await writeFile(path.join(dir, ".github", "workflows", "ci.yml"), "on: push\n");
    await git(["add", "-A"], { cwd: dir });
    await git(["-c", "user.name=Octo", "-c", "user.email=octo@example.test", "commit", "--quiet", "-m", "CI"], { cwd: dir });
    const push = (token: string, branch: string) =>
      git(["-c", `http.extraHeader=${basicHeader(token)}`, "push", "origin", `HEAD:${branch}`], { cwd: dir, allowFailure: true });

    const byPat = await push(pat, "ci-pat");
    expect(byPat.code).not.toBe(0);
    expect(byPat.stderr).toContain(
      "refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope",
    );
    const byApp = await push(fake.issueToken("octocat", ["repo"]), "ci-app");
    expect(byApp.stderr).toContain("refusing to allow an OAuth App to create or update workflow `.github/workflows/ci.yml`");
    expect(await repo.branches()).toEqual(["main"]);

    expect((await push(fake.issuePersonalToken("octocat", ["repo", "workflow"]), "ci-ok")).code).toBe(0);
    // Once the workflow is on GitHub, a push bringing no new workflow change needs no scope.
    expect((await push(pat, "ci-again")).code).toBe(0);
    expect(await repo.branches()).toEqual(["ci-again", "ci-ok", "main"]);
  });
});

describe("pull requests", () => {
  it("opens, shows files, synchronizes, merges for real, refuses empty ones, closes and deletes branches", async () => {
    const repo = await fake.createRepo("octocat", "pr-demo", {
      files: { "README.md": "# pr-demo\n", "src/app.ts": "line 1\nline 2\nline 3\n" },
    });
    const owner = "octocat";
    const name = "pr-demo";
    const octokit = client(fake.issuePersonalToken("octocat"));
    await addHook(octokit, owner, name, ["pull_request", "push"]);
    await repo.commit("feature", { "src/app.ts": "line 1\nline 2 changed\nline 3\n", "NEW.md": "new\n" }, "Change app");

    const { data: pr } = await octokit.rest.pulls.create({
      owner,
      repo: name,
      title: "Change app",
      head: "feature",
      base: "main",
      body: "Please <b>merge</b>",
    });
    expect(pr).toMatchObject({
      number: 1,
      state: "open",
      title: "Change app",
      body: "Please <b>merge</b>",
      draft: false,
      merged: false,
      merged_at: null,
      html_url: `${fake.url}/octocat/pr-demo/pull/1`,
      url: `${fake.apiUrl}/repos/octocat/pr-demo/pulls/1`,
      head: { ref: "feature", sha: await repo.sha("feature"), repo: { full_name: "octocat/pr-demo" } },
      base: { ref: "main", sha: await repo.sha("main") },
      user: { login: "octocat" },
    });
    await fake.idle();
    expect(received("pull_request", "octocat/pr-demo").map((request) => request.json.action)).toEqual(["opened"]);

    const { data: files } = await octokit.rest.pulls.listFiles({ owner, repo: name, pull_number: 1 });
    expect(files).toEqual([
      expect.objectContaining({
        filename: "NEW.md",
        status: "added",
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: "@@ -0,0 +1 @@\n+new",
      }),
      expect.objectContaining({
        filename: "src/app.ts",
        status: "modified",
        additions: 1,
        deletions: 1,
        changes: 2,
        patch: "@@ -1,3 +1,3 @@\n line 1\n-line 2\n+line 2 changed\n line 3",
      }),
    ]);

    // The PR page escapes what it shows and offers the merge button while open.
    const pageHtml = await (await fetch(pr.html_url)).text();
    expect(pageHtml).toContain("Please &#60;b&#62;merge&#60;/b&#62;");
    expect(pageHtml).toContain("+line 2 changed");
    expect(pageHtml).toContain(">Open<");
    expect(pageHtml).toContain("Merge pull request");

    // Another commit on the head branch moves the PR's head and says so.
    const tweak = await repo.commit("feature", { "NEW.md": "newer\n" }, "Tweak");
    expect((await octokit.rest.pulls.get({ owner, repo: name, pull_number: 1 })).data).toMatchObject({
      head: { sha: tweak },
      mergeable: true,
      commits: 2,
      changed_files: 2,
    });
    await fake.idle();
    expect(received("pull_request", "octocat/pr-demo").at(-1)?.json).toMatchObject({ action: "synchronize", after: tweak });

    const { data: merged } = await octokit.rest.pulls.merge({ owner, repo: name, pull_number: 1 });
    expect(merged).toMatchObject({ merged: true, message: "Pull Request successfully merged" });
    expect(await repo.sha("main")).toBe(merged.sha);
    expect(await repo.readFile("main", "src/app.ts")).toBe("line 1\nline 2 changed\nline 3\n");
    expect(await repo.readFile("main", "NEW.md")).toBe("newer\n");
    expect(await repo.log("main")).toEqual([
      "Merge pull request #1 from octocat/feature",
      "Tweak",
      "Change app",
      "Initial commit",
    ]);
    expect((await octokit.rest.pulls.get({ owner, repo: name, pull_number: 1 })).data).toMatchObject({
      state: "closed",
      merged: true,
      merge_commit_sha: merged.sha,
      merged_by: { login: "octocat" },
    });
    // Still shows what it changed after the merge.
    expect((await octokit.rest.pulls.listFiles({ owner, repo: name, pull_number: 1 })).data).toHaveLength(2);
    await fake.idle();
    const closed = received("pull_request", "octocat/pr-demo").at(-1)!.json;
    expect(closed).toMatchObject({
      action: "closed",
      number: 1,
      pull_request: { merged: true, head: { ref: "feature" }, base: { ref: "main" } },
    });
    expect(received("push", "octocat/pr-demo").at(-1)?.json).toMatchObject({ ref: "refs/heads/main", after: merged.sha });
    expect((await (await fetch(pr.html_url)).text()).includes(">Merged<")).toBe(true);

    await expect(octokit.rest.pulls.merge({ owner, repo: name, pull_number: 1 })).rejects.toMatchObject({
      status: 405,
      response: { data: { message: "Pull Request is not mergeable" } },
    });
    await expect(
      octokit.rest.pulls.create({ owner, repo: name, title: "Again", head: "feature", base: "main" }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: "Validation Failed",
          errors: [{ resource: "PullRequest", code: "custom", message: "No commits between main and feature" }],
        },
      },
    });
    await expect(
      octokit.rest.pulls.create({ owner, repo: name, title: "Ghost", head: "ghost", base: "main" }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: "PullRequest", code: "invalid", field: "head" }] } },
    });

    // Closing without merging.
    await repo.commit("abandoned", { "idea.md": "maybe\n" }, "An idea");
    const { data: second } = await octokit.rest.pulls.create({
      owner,
      repo: name,
      title: "An idea",
      head: "octocat:abandoned",
      base: "main",
    });
    expect(second.number).toBe(2);
    const { data: list } = await octokit.rest.pulls.list({ owner, repo: name, head: "octocat:abandoned" });
    expect(list.map((pull) => pull.number)).toEqual([2]);
    const { data: closedPull } = await octokit.rest.pulls.update({ owner, repo: name, pull_number: 2, state: "closed" });
    expect(closedPull).toMatchObject({ state: "closed", merged: false, merged_at: null });
    await fake.idle();
    expect(received("pull_request", "octocat/pr-demo").at(-1)?.json).toMatchObject({
      action: "closed",
      number: 2,
      pull_request: { merged: false },
    });
    expect((await octokit.rest.pulls.list({ owner, repo: name, state: "all" })).data.map((pull) => pull.number)).toEqual([2, 1]);
    expect((await octokit.rest.pulls.list({ owner, repo: name })).data).toEqual([]);

    // Deleting the branch really removes it.
    const deleted = await octokit.rest.git.deleteRef({ owner, repo: name, ref: "heads/abandoned" });
    expect(deleted.status).toBe(204);
    expect(await repo.branches()).toEqual(["feature", "main"]);
    await expect(octokit.rest.git.deleteRef({ owner, repo: name, ref: "heads/abandoned" })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: "Reference does not exist" } },
    });
    await fake.idle();
    expect(received("push", "octocat/pr-demo").at(-1)?.json).toMatchObject({ ref: "refs/heads/abandoned", deleted: true });
  });

  it("merges from the page's button, and refuses conflicting pull requests", async () => {
    const repo = await fake.createRepo("octocat", "conflicts", { files: { "a.txt": "one\n" } });
    const octokit = client(fake.issuePersonalToken("octocat"));
    await repo.commit("left", { "a.txt": "left\n" }, "Left");
    await repo.commit("right", { "a.txt": "right\n" }, "Right");
    await octokit.rest.pulls.create({ owner: "octocat", repo: "conflicts", title: "Left", head: "left", base: "main" });
    await octokit.rest.pulls.create({ owner: "octocat", repo: "conflicts", title: "Right", head: "right", base: "main" });

    const response = await fetch(`${fake.url}/octocat/conflicts/pull/1/merge`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/octocat/conflicts/pull/1");
    expect(await repo.readFile("main", "a.txt")).toBe("left\n");
    expect(repo.pulls[0]).toMatchObject({ merged: true, state: "closed" });

    expect((await octokit.rest.pulls.get({ owner: "octocat", repo: "conflicts", pull_number: 2 })).data).toMatchObject({
      mergeable: false,
      mergeable_state: "dirty",
    });
    await expect(octokit.rest.pulls.merge({ owner: "octocat", repo: "conflicts", pull_number: 2 })).rejects.toMatchObject({
      status: 405,
    });
    await expect(fake.mergePull("octocat/conflicts", 2)).rejects.toThrow(/not mergeable/);

    const repoPage = await (await fetch(repo.htmlUrl)).text();
    expect(repoPage).toContain("a.txt");
    expect(repoPage).toContain("left");
    expect(repoPage).toContain("#1 Left");
  });
});

describe("reviews, comments, checks and tokens", () => {
  it("stores reviews and issue comments, and rejects what GitHub rejects", async () => {
    const repo = await fake.createRepo("octocat", "reviews", { files: { "src/app.ts": "a\nb\nc\n" }, collaborators: ["hubot"] });
    await repo.commit("feature", { "src/app.ts": "a\nB\nc\n" }, "Capital B");
    const octocat = client(fake.issuePersonalToken("octocat"));
    const hubot = client(fake.issuePersonalToken("hubot"));
    await addHook(octocat, "octocat", "reviews", ["pull_request_review", "issue_comment"]);
    const where = { owner: "octocat", repo: "reviews", pull_number: 1 };
    await octocat.rest.pulls.create({ owner: "octocat", repo: "reviews", title: "B", head: "feature", base: "main" });

    const { data: review } = await hubot.rest.pulls.createReview({
      ...where,
      body: "Looks good",
      event: "APPROVE",
      comments: [{ path: "src/app.ts", line: 2, body: "Nice capital" }],
    });
    expect(review).toMatchObject({ body: "Looks good", state: "APPROVED", user: { login: "hubot" } });
    expect(review.html_url).toBe(`${fake.url}/octocat/reviews/pull/1#pullrequestreview-${review.id}`);
    expect((await octocat.rest.pulls.listReviews(where)).data.map((entry) => entry.state)).toEqual(["APPROVED"]);
    expect((await octocat.rest.pulls.listReviewComments(where)).data).toMatchObject([
      { path: "src/app.ts", line: 2, body: "Nice capital" },
    ]);
    expect(repo.reviews[0]?.comments).toHaveLength(1);

    await expect(octocat.rest.pulls.createReview({ ...where, event: "APPROVE" })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: ["Can not approve your own pull request"] } },
    });
    await expect(
      hubot.rest.pulls.createReview({
        ...where,
        event: "COMMENT",
        body: "x",
        comments: [{ path: "src/app.ts", line: 40, body: "?" }],
      }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: ["Line could not be resolved"] } } });
    await expect(
      hubot.rest.pulls.createReview({
        ...where,
        event: "COMMENT",
        body: "x",
        comments: [{ path: "nope.ts", position: 1, body: "?" }],
      }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: ["Path could not be resolved"] } } });

    const { data: comment } = await hubot.rest.issues.createComment({
      owner: "octocat",
      repo: "reviews",
      issue_number: 1,
      body: "Ship it",
    });
    expect(comment).toMatchObject({ body: "Ship it", user: { login: "hubot" } });
    expect((await octocat.rest.issues.listComments({ owner: "octocat", repo: "reviews", issue_number: 1 })).data).toHaveLength(1);
    await expect(
      octocat.rest.issues.createComment({ owner: "octocat", repo: "reviews", issue_number: 9, body: "?" }),
    ).rejects.toMatchObject({
      status: 404,
    });

    await fake.idle();
    // Webhooks spell review states in lower case (@octokit/webhooks-schemas), unlike the REST API.
    expect(received("pull_request_review", "octocat/reviews")[0]?.json).toMatchObject({
      action: "submitted",
      review: { state: "approved" },
      pull_request: { number: 1 },
    });
    expect(received("issue_comment", "octocat/reviews")[0]?.json).toMatchObject({
      action: "created",
      comment: { body: "Ship it" },
      issue: { number: 1, pull_request: { html_url: `${fake.url}/octocat/reviews/pull/1` } },
    });
  });

  it("serves check runs and delivers check_run webhooks", async () => {
    const repo = await fake.createRepo("octocat", "checks");
    const sha = await repo.commit("feature", { "x.txt": "x\n" }, "X");
    const octokit = client(fake.issuePersonalToken("octocat"));
    await addHook(octokit, "octocat", "checks", ["check_run", "check_suite"]);
    await octokit.rest.pulls.create({ owner: "octocat", repo: "checks", title: "X", head: "feature", base: "main" });

    const started = await fake.addCheckRun("octocat/checks", { headSha: sha, name: "ci", status: "in_progress" });
    const finished = await fake.addCheckRun("octocat/checks", {
      headSha: sha,
      name: "ci",
      status: "completed",
      conclusion: "failure",
    });
    expect(finished.id).toBe(started.id);

    const { data } = await octokit.rest.checks.listForRef({ owner: "octocat", repo: "checks", ref: "feature" });
    expect(data.total_count).toBe(1);
    expect(data.check_runs[0]).toMatchObject({
      id: started.id,
      name: "ci",
      head_sha: sha,
      status: "completed",
      conclusion: "failure",
    });
    expect(data.check_runs[0]?.html_url).toBe(`${fake.url}/octocat/checks/runs/${started.id}`);
    expect((await octokit.rest.checks.listForRef({ owner: "octocat", repo: "checks", ref: "main" })).data.total_count).toBe(0);

    await fake.idle();
    const events = received("check_run", "octocat/checks").map((request) => request.json);
    expect(events.map((event) => event.action)).toEqual(["created", "completed"]);
    expect(events[1]).toMatchObject({
      check_run: {
        head_sha: sha,
        status: "completed",
        conclusion: "failure",
        name: "ci",
        pull_requests: [{ number: 1, head: { ref: "feature" } }],
      },
    });

    expect(received("check_suite", "octocat/checks").map((request) => request.json)).toMatchObject([
      {
        action: "completed",
        check_suite: { head_sha: sha, head_branch: "feature", conclusion: "failure", pull_requests: [{ number: 1 }] },
      },
    ]);

    // Test code can deliver any event itself; only hooks subscribed to it get it.
    expect(await fake.deliverWebhook("octocat/checks", "check_run", { action: "rerequested" })).toEqual([
      { hookId: expect.any(Number), status: 200, body: "thanks" },
    ]);
    expect(await fake.deliverWebhook("octocat/checks", "issues", { action: "opened" })).toEqual([]);
  });

  it("answers bad, revoked and personal tokens like GitHub", async () => {
    await expect(client("ghp_not-a-token").rest.users.getAuthenticated()).rejects.toMatchObject({
      name: "HttpError",
      status: 401,
      response: { data: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } },
    });
    const token = fake.issuePersonalToken("octocat");
    const { data, headers } = await client(token).rest.users.getAuthenticated();
    expect(token).toMatch(/^ghp_/);
    expect(data.login).toBe("octocat");
    expect(headers["x-oauth-scopes"]).toBe("repo, read:user, user:email");
    const scoped = await client(fake.issuePersonalToken("octocat", ["repo", "workflow"])).rest.users.getAuthenticated();
    expect(scoped.headers["x-oauth-scopes"]).toBe("repo, workflow");

    fake.revokeToken(token);
    await expect(client(token).rest.repos.listForAuthenticatedUser()).rejects.toMatchObject({ status: 401 });

    // Requests are recorded with whether credentials came, never the credentials themselves.
    expect(fake.requests.at(-1)).toEqual({ method: "GET", path: "/api/v3/user/repos", authorization: true });
    expect(JSON.stringify(fake.requests)).not.toContain(token);
  });
});
