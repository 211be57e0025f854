import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScriptedTurn } from "../../test/fakes/model-script";
import { callerFor } from "../../test/helpers/caller";
import { startGitHubPipeline, type GitHubPipeline } from "../../test/helpers/github-pipeline";
import { runFinished, waitFor } from "../../test/helpers/wait";
import { buildTenant } from "../../db/seed";

/**
 * A limit keeps the work, end to end on the real parts: the worker, the loop
 * on the real SDK against the fake model, real git pushing to the fake GitHub,
 * and Postgres. Every stop stores the diff on the run and pushes a draft pull
 * request that says it is incomplete, what was done and why it stopped.
 */
let pipeline: GitHubPipeline;

beforeAll(async () => {
  pipeline = await startGitHubPipeline();
});

afterAll(async () => {
  await pipeline?.runtime.stop();
});

const finished = (runId: number) => runFinished(pipeline.tenantId, runId, { timeoutMs: 30_000 });
const writeFix: ScriptedTurn = {
  text: "Fixing the version.",
  toolCalls: [{ name: "write_file", input: { path: "src/app.js", content: "export const version = 2;\n" } }],
};
const look = (depth: number): ScriptedTurn => ({
  text: `Looking around (${depth}).`,
  toolCalls: [{ name: "list_files", input: { depth } }],
});

/** Starts an implement run on a fresh repository with `turns` as the model's script. */
async function startRun(
  key: string,
  turns: ScriptedTurn[],
  limits?: { maxTurns?: number; maxCostUsd?: number; maxSeconds?: number },
  before?: (projectId: number) => Promise<unknown>,
) {
  const { repo, project } = await pipeline.setUpProject(`limits-${key.toLowerCase()}`, key);
  pipeline.runtime.anthropic.scripts.add({ name: key, turns });
  await before?.(project.id);
  const run = await pipeline.caller.agentRuns.create({
    provider: "claude",
    model: "claude-haiku-4-5",
    mode: "implement",
    prompt: `Bump the version [[script:${key}]]`,
    projectId: project.id,
    limits,
  });
  return { run, repo, project };
}

/** The run kept its work: the diff on the run, the branch pushed, a draft pull request saying why it stopped. */
async function expectKeptWork(started: Awaited<ReturnType<typeof startRun>>, why: string) {
  const { run, repo } = started;
  const branch = `al/implement/${run.id}`;
  const diffs = await pipeline.caller.agentRuns.diffs({ runId: run.id });
  expect(diffs.map((diff) => [diff.filePath, diff.changeType])).toEqual([["src/app.js", "modified"]]);
  expect(await repo.readFile(branch, "src/app.js")).toBe("export const version = 2;\n");
  expect((await repo.log(branch))[0]).toMatch(/^WIP: Bump the version/);
  const pull = repo.pulls.find((entry) => entry.head.ref === branch)!;
  expect(pull).toMatchObject({ draft: true, state: "open" });
  expect(pull.body).toContain(`**Incomplete.** This run stopped before the agent finished: ${why}`);
  expect(pull.body).toContain("## What was done\n\n- `src/app.js` (+1 −1)");
  expect(pull.body).toContain(`## Why it stopped\n\n${why}`);
  const events = await pipeline.eventsOf(run.id);
  expect(events.find((event) => event.type === "pull_request")?.payload).toMatchObject({ draft: true, branch });
  expect(events.find((event) => event.type === "artifact")?.payload).toMatchObject({ title: "Summary (incomplete)" });
  return { events, pull };
}

describe("a run stopped at a limit", () => {
  it("at its turn cap: warned three turns before, failed with the cap as the reason, its diff and a draft PR kept", async () => {
    const started = await startRun("TURN", [writeFix, look(1), look(2), look(3), look(4)], { maxTurns: 4 });
    const done = await finished(started.run.id);
    expect(done).toMatchObject({
      status: "failed",
      stopReason: "turns",
      error: "The run reached its cap of 4 turns.",
      summary: "Looking around (3).",
      prNumber: 1,
    });
    const { events } = await expectKeptWork(started, "The run reached its cap of 4 turns.");
    const warning = events.findIndex((event) => String(event.payload.message).startsWith("You have 3 turns left"));
    const lastCall = events.findLastIndex((event) => event.type === "tool_call");
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(lastCall);
    expect(
      pipeline.runtime.anthropic.requests.filter((request) => request.view.messages[0]?.text.includes("[[script:TURN]]")),
    ).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ type: "status", payload: { status: "failed" } });
  });

  it("at its time cap: the running command is killed and the work kept", async () => {
    const started = await startRun("TIME", [writeFix, { toolCalls: [{ name: "run_command", input: { command: "sleep 60" } }] }], {
      maxSeconds: 4,
    });
    const done = await finished(started.run.id);
    expect(done).toMatchObject({ status: "failed", stopReason: "time", error: "The run reached its time cap." });
    expect(done.finishedAt!.getTime() - done.startedAt!.getTime()).toBeLessThan(30_000);
    await expectKeptWork(started, "The run reached its time cap.");
  });

  it("at its cost cap", async () => {
    // Haiku input is $1 per million tokens, output $5: two of these turns ($0.03005 each) pass a $0.05 cap.
    const costly = (turn: ScriptedTurn): ScriptedTurn => ({ ...turn, usage: { inputTokens: 30_000, outputTokens: 10 } });
    const started = await startRun("COST", [costly(writeFix), costly(look(1)), costly(look(2))], { maxCostUsd: 0.05 });
    const done = await finished(started.run.id);
    expect(done).toMatchObject({
      status: "failed",
      stopReason: "cost",
      error: "The run reached its cost cap of $0.05 (spent $0.06).",
    });
    await expectKeptWork(started, "The run reached its cost cap of $0.05 (spent $0.06).");
  });

  it("by the project's budget", async () => {
    const started = await startRun(
      "BUDG",
      [{ ...writeFix, usage: { inputTokens: 30_000, outputTokens: 10 } }, look(1)],
      undefined,
      (projectId) => pipeline.caller.budgets.set({ projectId, monthlyLimitUsd: 100, perRunLimitUsd: 0.01 }),
    );
    const done = await finished(started.run.id);
    expect(done).toMatchObject({ status: "failed", stopReason: "budget" });
    await expectKeptWork(started, "Stopped by the budget: The run reached its limit of $0.01 (spent $0.03).");
  });

  it("after it ends its turn twice without finish (once nudged)", async () => {
    const started = await startRun("NOFI", [writeFix, { text: "All done." }, { text: "Still done." }]);
    const done = await finished(started.run.id);
    expect(done).toMatchObject({ status: "failed", stopReason: "no_finish", summary: "Still done." });
    await expectKeptWork(started, "The agent ended its turn again without calling finish.");
  });

  it("when it is stuck: five failed calls, a nudge, five more", async () => {
    const missing = (index: number): ScriptedTurn => ({
      toolCalls: [{ name: "read_file", input: { path: `nope-${index}.js` } }],
    });
    const started = await startRun("STUK", [writeFix, ...Array.from({ length: 10 }, (_, index) => missing(index)), look(1)]);
    const done = await finished(started.run.id);
    expect(done).toMatchObject({ status: "failed", stopReason: "stuck" });
    const { events } = await expectKeptWork(started, "The agent looked stuck: its last 5 tool calls all failed.");
    const nudge = events.find(
      (event) => event.type === "log" && String(event.payload.message).startsWith("Your last 5 tool calls"),
    );
    expect(nudge).toBeDefined();
  });

  it("finishes normally when the model finishes after the nudge: no draft", async () => {
    const started = await startRun("NUDG", [
      writeFix,
      { text: "That should be it." },
      { toolCalls: [{ name: "finish", input: { summary: "Bumped the version." } }] },
    ]);
    const done = await finished(started.run.id);
    expect(done).toMatchObject({ status: "completed", stopReason: null, summary: "Bumped the version.", prNumber: 1 });
    expect(started.repo.pulls.find((pull) => pull.number === 1)).toMatchObject({ draft: false });
    // The first message describes the local checkout two levels deep, folders first.
    const first = pipeline.runtime.anthropic.requests.find((request) => request.view.messages[0]?.text.includes("[[script:NUDG]]"))!;
    expect(first.view.messages[0]!.text).toContain(
      "- Files and folders, two levels deep:\n  src/\n    app.js\n  AGENTS.md\n  README.md\n  package.json",
    );
  });
});

describe("cancel with keepWork", () => {
  it("stops a running run, keeps its diff, pushes a draft PR and ends it cancelled", async () => {
    const started = await startRun("KEEP", [writeFix, { toolCalls: [{ name: "run_command", input: { command: "sleep 60" } }] }]);
    const { run } = started;
    await waitFor(
      async () =>
        (await pipeline.eventsOf(run.id)).some((event) => event.type === "tool_call" && event.payload.name === "run_command"),
      "the command to start",
    );
    const other = await buildTenant({ name: "Stranger" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(stranger.agentRuns.cancel({ runId: run.id, keepWork: true })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const stopping = await pipeline.caller.agentRuns.cancel({ runId: run.id, keepWork: true });
    expect(stopping).toMatchObject({ status: "running", stopRequestedAt: expect.any(Date) });
    await expect(pipeline.caller.agentRuns.cancel({ runId: run.id, keepWork: true })).rejects.toThrow(/already stopping/);
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: "cancelled", stopReason: "cancelled", error: null });
    const { events } = await expectKeptWork(started, "A user stopped the run, keeping its work.");
    expect(events.at(-1)).toMatchObject({
      type: "status",
      payload: { status: "cancelled", reason: "A user stopped the run, keeping its work." },
    });
  });
});
