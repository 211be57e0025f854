import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFinished, waitFor } from "../../../test/helpers/wait";
import { startGitHubPipeline, type GitHubPipeline } from "../../../test/helpers/github-pipeline";

let runtime: GitHubPipeline["runtime"];
let tenantId: number;
let caller: GitHubPipeline["caller"];
let eventsOf: GitHubPipeline["eventsOf"];
let setUpProject: GitHubPipeline["setUpProject"];
let setupHook: GitHubPipeline["setupHook"];

beforeAll(async () => {
  ({ runtime, tenantId, caller, eventsOf, setUpProject, setupHook } = await startGitHubPipeline());
});

afterAll(async () => {
  await runtime?.stop();
});

const finished = (runId: number) => runFinished(tenantId, runId);

describe("multi-repo runs", () => {
  it("fan out over a feature's repositories, link their pull requests as a set, and roll the set back", async () => {
    const api = await setUpProject("svc-api", "SAPI");
    const web = await setUpProject("svc-web", "SWEB");
    const feature = await caller.features.create({
      name: "Checkout",
      description: "Cart and payment flow",
      repositories: [
        { repositoryId: web.repository.id, relativeImpact: 0.4 },
        { repositoryId: api.repository.id, relativeImpact: 0.9 },
      ],
      aliases: ["Cart", "payments"],
    });
    expect((await caller.features.search({ query: "cart" })).map((entry) => entry.id)).toEqual([feature.id]);
    expect(await caller.features.search({ query: "nothing-like-it" })).toEqual([]);
    const found = await caller.features.get({ featureId: feature.id });
    expect(found.repositories.map((repo) => repo.fullName)).toEqual(["octocat/svc-api", "octocat/svc-web"]);
    await expect(
      caller.features.create({ name: "Checkout", repositories: [{ repositoryId: web.repository.id }] }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    runtime.anthropic.scripts.add({
      name: "multi",
      turns: [
        (request) => {
          const repo = /You work on (\S+?);/.exec(request.messages[0]!.text)?.[1] ?? "unknown";
          return { toolCalls: [{ name: "write_file", input: { path: "CHECKOUT.md", content: `checkout in ${repo}\n` } }] };
        },
        { toolCalls: [{ name: "finish", input: { summary: "Added checkout notes." } }] },
      ],
    });
    const parent = await caller.agentRuns.create({
      provider: "claude",
      mode: "implement",
      prompt: "Add checkout [[script:multi]]",
      featureId: feature.id,
    });
    const done = await finished(parent.id);
    expect(done).toMatchObject({ status: "completed", orchestrationMode: "parallel" });
    const children = (await caller.agentRuns.list({ limit: 100 })).items.filter((run) => run.parentRunId === parent.id);
    expect(children).toHaveLength(2);
    expect(children.every((child) => child.status === "completed" && child.prUrl)).toBe(true);

    // The parent called no model itself; it shows what its children spent.
    const childCost = children.reduce((sum, child) => sum + child.costMicroUsd, 0);
    expect(childCost).toBeGreaterThan(0);
    const shown = await caller.agentRuns.get({ runId: parent.id });
    expect(shown.costMicroUsd).toBe(childCost);
    expect(shown.outputTokens).toBe(children.reduce((sum, child) => sum + child.outputTokens, 0));

    // The parent's transcript shows its children and each one's end.
    const events = await eventsOf(parent.id);
    expect(events.find((event) => event.type === "children")?.payload).toMatchObject({ feature: "Checkout", mode: "parallel" });
    expect(events.filter((event) => event.type === "child_status")).toHaveLength(2);

    // Each PR links its sibling; the set is open; merging one makes it partial; rollback closes the rest.
    const set = await caller.agentRuns.pullRequestSet({ runId: parent.id });
    expect(set.status).toBe("open");
    expect(set.items.map((item) => item.repository)).toEqual(["octocat/svc-api", "octocat/svc-web"]);
    const apiPull = api.repo.pulls[0]!;
    const webPull = web.repo.pulls[0]!;
    expect(apiPull.body).toContain(`octocat/svc-web#${webPull.number}`);
    expect(webPull.body).toContain(`octocat/svc-api#${apiPull.number}`);
    expect(await api.repo.readFile(apiPull.head.ref, "CHECKOUT.md")).toBe("checkout in octocat/svc-api\n");

    await setupHook(api.repository.id);
    await runtime.github.mergePull("octocat/svc-api", apiPull.number);
    await runtime.github.idle();
    await waitFor(
      async () => (await caller.agentRuns.pullRequestSet({ runId: parent.id })).status === "partial",
      "a partial set",
    );

    const rollback = await caller.agentRuns.rollbackSet({ runId: parent.id });
    expect(rollback.results).toEqual([{ repository: "octocat/svc-web", prNumber: webPull.number, closed: true }]);
    expect(web.repo.pulls[0]!.state).toBe("closed");
    expect(await web.repo.branches()).toEqual(["main"]);
    expect((await caller.agentRuns.pullRequestSet({ runId: parent.id })).items.map((item) => item.prState)).toEqual([
      "merged",
      "closed",
    ]);
  });
});

describe("sequential multi-repo runs", () => {
  it("run one repository after another, and stop the sequence when a step fails", async () => {
    const first = await setUpProject("seq-one", "SEQA");
    const second = await setUpProject("seq-two", "SEQB");
    const feature = await caller.features.create({
      name: "Sequenced",
      repositories: [
        { repositoryId: first.repository.id, relativeImpact: 1 },
        { repositoryId: second.repository.id, relativeImpact: 0.5 },
      ],
    });
    runtime.openai.scripts.add({
      name: "seq-fail",
      turns: [{ text: "never finishes", chunkSize: 2, fault: { kind: "cut", afterChunks: 2, times: 10 } }],
    });
    const parent = await caller.agentRuns.create({
      provider: "codex",
      mode: "implement",
      prompt: "Step by step [[script:seq-fail]]",
      featureId: feature.id,
      orchestrationMode: "sequential",
    });
    const done = await finished(parent.id);
    expect(done).toMatchObject({ status: "failed", error: "2 of 2 sub-runs did not complete." });
    const children = (await caller.agentRuns.list({ limit: 100 })).items
      .filter((run) => run.parentRunId === parent.id)
      .sort((a, b) => a.id - b.id);
    expect(children.map((child) => child.status)).toEqual(["failed", "cancelled"]);
    // The second step never started: no model request mentions its repository.
    expect(
      runtime.openai.requests.some((request) => request.view.messages[0]?.text.includes("You work on octocat/seq-two")),
    ).toBe(false);
  });
});
