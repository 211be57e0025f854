import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicket } from "../services/tickets/create-ticket";
import { runFinished } from "../../test/helpers/wait";
import { startGitHubPipeline, type GitHubPipeline } from "../../test/helpers/github-pipeline";
import { startReceiver } from "../../test/helpers/receiver";

let runtime: GitHubPipeline["runtime"];
let tenantId: number;
let userId: number;
let caller: GitHubPipeline["caller"];
let token: string;
let eventsOf: GitHubPipeline["eventsOf"];
let setUpProject: GitHubPipeline["setUpProject"];

beforeAll(async () => {
  ({ runtime, tenantId, userId, caller, token, eventsOf, setUpProject } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("the git pipeline", () => {
  it("clones, branches, commits, pushes and opens a pull request — the token never in a URL, config or event", async () => {
    const { repo, project } = await setUpProject("ship-it", "SHIP");
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Bump the version" });
    runtime.anthropic.scripts.add({
      name: "ship",
      turns: [
        { toolCalls: [{ name: "read_file", input: { path: "src/app.js" } }] },
        {
          toolCalls: [{ name: "edit_file", input: { path: "src/app.js", old_string: "version = 1", new_string: "version = 2" } }],
        },
        { toolCalls: [{ name: "write_file", input: { path: "CHANGELOG.md", content: "# 2\n- Bumped.\n" } }] },
        { toolCalls: [{ name: "run_command", input: { command: "git status --short && git config --list --show-origin" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Bumped the version to 2." } }] },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Bump it [[script:ship]]",
      ticketId: ticket.id,
    });
    const done = await finished(run.id);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "completed", branchName: `al/implement/${run.id}`, prNumber: 1 });
    expect(done.prUrl).toBe(`${runtime.github.url}/octocat/ship-it/pull/1`);

    // The branch is on the remote with the agent's commit; the PR targets main with the run's story.
    expect(await repo.branches()).toContain(`al/implement/${run.id}`);
    expect(await repo.readFile(`al/implement/${run.id}`, "src/app.js")).toBe("export const version = 2;\n");
    expect((await repo.log(`al/implement/${run.id}`))[0]).toBe("SHIP-1: Bump the version");
    const pull = repo.pulls.find((entry) => entry.number === 1)!;
    expect(pull).toMatchObject({ title: "SHIP-1: Bump the version", state: "open" });
    expect(pull.body).toContain(`[SHIP-1](${runtime.env.APP_URL}/projects/SHIP?ticket=SHIP-1)`);
    expect(pull.body).toContain("Bumped the version to 2.");
    expect(pull.body).toMatch(/Run \[#\d+\]\(.*\/runs\/\d+\) · claude/);

    const diffs = await caller.agentRuns.diffs({ runId: run.id });
    expect(diffs.map((diff) => [diff.filePath, diff.changeType])).toEqual([
      ["CHANGELOG.md", "added"],
      ["src/app.js", "modified"],
    ]);
    // The repository's AGENTS.md is the last instruction layer.
    const system = runtime.anthropic.requests.find((request) => request.view.messages[0]?.text.includes("[[script:ship]]"))!.view
      .system;
    expect(system).toContain('<instructions source="AGENTS.md">\nRepository rule for ship-it: run npm test.');
    const events = await eventsOf(run.id);
    expect(events.find((event) => event.type === "pull_request")?.payload).toMatchObject({
      number: 1,
      branch: `al/implement/${run.id}`,
    });

    // The agent's own command saw no credentials; nothing stored holds the token.
    const gitConfig = readFileSync(path.join(runtime.workspaces, `run-${run.id}`, ".git", "config"), "utf8");
    expect(gitConfig).not.toContain(token);
    expect(gitConfig).not.toMatch(/extraheader|x-access-token/i);
    expect(gitConfig).toContain(`url = ${repo.cloneUrl}`);
    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain(token);
    expect(serialized).not.toContain(Buffer.from(`x-access-token:${token}`).toString("base64"));
    expect(runtime.github.requests.some((request) => request.path.includes(token))).toBe(false);
  });

  it("makes no commit and no pull request when nothing changed; plan runs never push", async () => {
    const { repo, project } = await setUpProject("quiet", "QUIE");
    runtime.openai.scripts.add({
      name: "idle",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "Nothing to do." } }] }],
    });
    const idle = await caller.agentRuns.create({
      provider: "codex",
      mode: "implement",
      prompt: "[[script:idle]]",
      projectId: project.id,
    });
    expect(await finished(idle.id)).toMatchObject({ status: "completed", prUrl: null });
    expect(
      (await eventsOf(idle.id)).some((event) => String(event.payload.message).includes("nothing to commit, no pull request")),
    ).toBe(true);
    expect(await repo.branches()).toEqual(["main"]);

    runtime.openai.scripts.add({ name: "plan-only", turns: [{ toolCalls: [{ name: "finish", input: { summary: "# Plan" } }] }] });
    const plan = await caller.agentRuns.create({
      provider: "codex",
      mode: "plan",
      prompt: "[[script:plan-only]]",
      projectId: project.id,
    });
    expect(await finished(plan.id)).toMatchObject({ status: "completed", prUrl: null });
    expect(await repo.branches()).toEqual(["main"]);
  });

  it("fails the run with the reason when the push is rejected, keeping the work described", async () => {
    const { repo, project } = await setUpProject("locked", "LOCK");
    const revoking = runtime.github.issuePersonalToken("octocat", ["repo"]);
    const connector = await caller.connectors.create({ kind: "pat", token: revoking, name: "Short-lived" });
    const [imported] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    runtime.anthropic.scripts.add({
      name: "rejected",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "x.txt", content: "x\n" } }] },
        () => {
          // GitHub revokes the token while the agent works: the push is refused.
          runtime.github.revokeToken(revoking);
          return { toolCalls: [{ name: "finish", input: { summary: "Wrote x." } }] };
        },
      ],
    });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:rejected]]",
      projectId: project.id,
      repositoryId: imported!.id,
    });
    const failed = await finished(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(new RegExp(`The push of al/implement/${run.id} was rejected`));
    expect(failed.error).not.toContain(revoking);
    expect(await caller.agentRuns.diffs({ runId: run.id })).toHaveLength(1);
  });

  it("sends the token only to GitHub's origin: a push URL the agent points at another host gets no Authorization", async () => {
    const { project } = await setUpProject("elsewhere", "ELSE");
    const elsewhere = await startReceiver({ statuses: [404] });
    try {
      runtime.anthropic.scripts.add({
        name: "repoint",
        turns: [
          { toolCalls: [{ name: "write_file", input: { path: "x.txt", content: "x\n" } }] },
          {
            toolCalls: [
              { name: "run_command", input: { command: `git remote set-url --push origin ${elsewhere.url}/stolen.git` } },
            ],
          },
          { toolCalls: [{ name: "finish", input: { summary: "Wrote x." } }] },
        ],
      });
      const run = await caller.agentRuns.create({
        provider: "claude",
        mode: "implement",
        prompt: "[[script:repoint]]",
        projectId: project.id,
      });
      expect((await finished(run.id)).status).toBe("failed");
      expect(elsewhere.received.length).toBeGreaterThan(0);
      expect(elsewhere.received.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
      // The clone from the fake GitHub itself carried the header.
      expect(
        runtime.github.requests.some((request) => request.path === "/octocat/elsewhere.git/info/refs" && request.authorization),
      ).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it("fails a run whose push touches .github/workflows/ without the workflow scope, saying how to grant it; with it the push goes through", async () => {
    const { repo, project } = await setUpProject("ci-edits", "CIED");
    const editCi = (name: string) =>
      runtime.anthropic.scripts.add({
        name,
        turns: [
          { toolCalls: [{ name: "write_file", input: { path: ".github/workflows/ci.yml", content: "on: push\n" } }] },
          { toolCalls: [{ name: "finish", input: { summary: "Added CI." } }] },
        ],
      });
    editCi("ci-without");
    const refused = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:ci-without]]",
      projectId: project.id,
    });
    const failed = await finished(refused.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain(`The push of al/implement/${refused.id} was rejected`);
    expect(failed.error).toContain(
      "GitHub refuses changes to .github/workflows/ci.yml from a token without the `workflow` scope",
    );
    expect(failed.error).toContain("Reconnect with GitHub");
    expect(failed.error).toContain("personal access token with the `workflow` scope");
    expect(await repo.branches()).toEqual(["main"]);

    const withWorkflow = runtime.github.issuePersonalToken("octocat", ["repo", "workflow"]);
    const connector = await caller.connectors.create({ kind: "pat", token: withWorkflow, name: "With workflow" });
    const [imported] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    editCi("ci-with");
    const pushed = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:ci-with]]",
      projectId: project.id,
      repositoryId: imported!.id,
    });
    const done = await finished(pushed.id);
    expect(done.error).toBeNull();
    expect(await repo.readFile(`al/implement/${pushed.id}`, ".github/workflows/ci.yml")).toBe("on: push\n");
  });

  it("review runs check out the pull request and post their review on it", async () => {
    const { repo, project, repository } = await setUpProject("reviewed", "REVW");
    runtime.anthropic.scripts.add({
      name: "change",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "new.js", content: "export {};\n" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Added new.js" } }] },
      ],
    });
    const change = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "[[script:change]]",
      projectId: project.id,
    });
    const changed = await finished(change.id);
    runtime.anthropic.scripts.add({
      name: "review",
      turns: [
        { toolCalls: [{ name: "read_file", input: { path: "new.js" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "**Verdict:** fine. new.js:1 exports nothing yet." } }] },
      ],
    });
    const review = await caller.agentRuns.create({
      provider: "claude",
      mode: "review",
      prompt: "Review it [[script:review]]",
      projectId: project.id,
      repositoryId: repository.id,
      pullRequestNumber: changed.prNumber,
    });
    expect(await finished(review.id)).toMatchObject({ status: "completed" });
    const read = (await eventsOf(review.id)).find((event) => event.type === "tool_result");
    expect(read?.payload).toMatchObject({ isError: false, content: "1  export {};" });
    expect(repo.reviews.map((entry) => entry.body)).toContain("**Verdict:** fine. new.js:1 exports nothing yet.");
    expect(await repo.branches()).not.toContain(`al/review/${review.id}`);
  });
});
