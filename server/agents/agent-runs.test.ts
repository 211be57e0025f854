import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTenant, buildProject } from "../../db/seed";
import { startAgentRuntime } from "../../test/helpers/agent-runtime";
import { callerFor } from "../../test/helpers/caller";
import type { Script } from "../../test/fakes/model-script";
import { createTicket } from "../services/tickets/create-ticket";
import { listRunEvents } from "../services/agent-runs/list-run-events";
import { runFinished, waitFor } from "../../test/helpers/wait";

/**
 * Runs end to end on the real parts: tRPC caller → createRun (row + pg-boss job
 * in one transaction) → the worker → the agent loop on the real SDKs against
 * the fake Anthropic/OpenAI APIs → events, diffs, costs in Postgres.
 */
const finished = (runId: number) => runFinished(tenantId, runId, { timeoutMs: 15_000 });

let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let tenantId: number;
let userId: number;
let caller: Awaited<ReturnType<typeof callerFor>>;

beforeAll(async () => {
  runtime = await startAgentRuntime({ AGENT_CONTEXT_BUDGET_TOKENS: "20000" });
  const { tenant, admin } = await buildTenant({ name: "Agents" });
  tenantId = tenant.id;
  userId = admin.id;
  caller = await callerFor({ userId, tenantId });
});

afterAll(async () => {
  await runtime?.stop();
});

const eventsOf = async (runId: number) => listRunEvents({ tenantId, runId, afterSeq: null, limit: 10_000 });

/** A run that writes a module, reads it back, edits it and runs it with node. */
function editingScript(name: string): Script {
  return {
    name,
    turns: [
      {
        // Long enough that the prompt passes Haiku's minimum cacheable length from the second turn on.
        text: `I'll look at the workspace first. ${"Thinking it through. ".repeat(500)}`,
        toolCalls: [{ name: "list_files", input: { path: "." } }],
      },
      {
        text: "Creating the module.",
        toolCalls: [
          {
            name: "write_file",
            input: { path: "src/sum.js", content: "export const sum = (a, b) => a - b;\nconsole.log(sum(2, 3));\n" },
          },
        ],
      },
      { toolCalls: [{ name: "read_file", input: { path: "src/sum.js" } }] },
      (request) => {
        const last = request.messages[request.messages.length - 1]!;
        // The model sees the real file content, numbered, from the read.
        if (!last.toolResults[0]?.content.includes("1  export const sum = (a, b) => a - b;"))
          throw new Error("read_file result missing");
        return {
          text: "That subtracts; fixing.",
          toolCalls: [{ name: "edit_file", input: { path: "src/sum.js", old_string: "a - b", new_string: "a + b" } }],
        };
      },
      { toolCalls: [{ name: "run_command", input: { command: "node src/sum.js" } }] },
      (request) => {
        const output = request.messages[request.messages.length - 1]!.toolResults[0]!.content;
        return { toolCalls: [{ name: "finish", input: { summary: `Fixed sum; node prints ${output.split("\n")[1]}.` } }] };
      },
    ],
  };
}

describe.each([
  ["claude", "claude-haiku-4-5"],
  ["codex", "gpt-5-mini"],
] as const)("a %s run", (provider, model) => {
  it("reads, edits and runs a command in its workspace, streams events, stores the diff and the cost", async () => {
    const fake = provider === "claude" ? runtime.anthropic : runtime.openai;
    fake.scripts.add(editingScript(`edit-${provider}`));
    const { project } = await buildProject({
      tenantId,
      userId,
      name: `Sums ${provider}`,
      key: provider === "claude" ? "SUMC" : "SUMX",
    });
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Sum is wrong" });

    const run = await caller.agentRuns.create({
      provider,
      model,
      mode: "bugfix",
      prompt: `Fix the sum function. [[script:edit-${provider}]]`,
      ticketId: ticket.id,
    });
    expect(run).toMatchObject({ status: "queued", projectId: project.id, ticketId: ticket.id });
    const done = await finished(run.id);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "completed", summary: "Fixed sum; node prints 5." });

    const events = await eventsOf(run.id);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const statuses = events.filter((event) => event.type === "status").map((event) => event.payload.status);
    expect(statuses).toEqual(["queued", "running", "completed"]);
    expect(events[events.length - 1]!.type).toBe("status");
    const deltas = events
      .filter((event) => event.type === "message_delta")
      .map((event) => event.payload.text)
      .join("");
    expect(deltas).toContain("I'll look at the workspace first.");
    const tools = events.filter((event) => event.type === "tool_call").map((event) => event.payload.name);
    // A bugfix run's first finish shows the model the diff to be delivered; the second ends the run.
    expect(tools).toEqual(["list_files", "write_file", "read_file", "edit_file", "run_command", "finish", "finish"]);
    const review = events.find((event) => event.type === "tool_result" && event.payload.name === "finish");
    expect(review?.payload.content).toMatch(
      /^Not finished yet\. Review the change .* \(1 file\):\n- src\/sum\.js \(added, \+2 −0\)\n/,
    );
    expect(review?.payload.content).toContain("+export const sum = (a, b) => a + b;");
    const command = events.find((event) => event.type === "tool_result" && event.payload.name === "run_command");
    expect(command?.payload).toMatchObject({ isError: false, content: "exit code 0\n5\n" });

    // The diff is the file as it ended up.
    const diffs = await caller.agentRuns.diffs({ runId: run.id });
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ filePath: "src/sum.js", changeType: "added", additions: 2, deletions: 0 });
    expect(diffs[0]!.diff).toContain("+export const sum = (a, b) => a + b;");
    expect(events.find((event) => event.type === "diff")?.payload.files).toEqual([
      { filePath: "src/sum.js", changeType: "added", additions: 2, deletions: 0 },
    ]);

    // The ticket's text reached the model, and usage became tokens and money.
    const first = fake.requests.find((request) => request.view.messages[0]?.text.includes(`[[script:edit-${provider}]]`))!;
    expect(first.view.messages[0]!.text).toContain(`${project.key}-1: Sum is wrong`);
    expect(first.view.tools).toEqual([
      "list_files",
      "read_file",
      "search_text",
      "write_file",
      "edit_file",
      ...(provider === "codex" ? ["apply_patch"] : []),
      "run_command",
      "finish",
    ]);
    // Claude's breakpoint on the newest message puts all of its input in cache writes and reads.
    expect(done.inputTokens + done.cacheWriteTokens + done.cacheReadTokens).toBeGreaterThan(0);
    expect(done.outputTokens).toBeGreaterThan(0);
    // OpenAI caches the long system prompt after the first call: those tokens come apart, at the cached price.
    const price =
      provider === "claude"
        ? { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }
        : { input: 0.25, output: 2, cacheWrite: 0.25, cacheRead: 0.025 };
    // Each response is priced (in millionths of a dollar, rounded once) and the run sums them.
    const usages = events.filter((event) => event.type === "usage").map((event) => event.payload);
    // Six turns of work and the finish that confirms the diff review.
    expect(usages.length).toBe(7);
    // Claude's cache writes cost 1.25× the input price, reads 0.1×; OpenAI's cached input its own rate.
    for (const usage of usages)
      expect(usage.costMicroUsd).toBe(
        Math.round(
          Number(usage.inputTokens) * price.input +
            Number(usage.cacheWriteTokens ?? 0) * price.cacheWrite +
            Number(usage.cacheReadTokens ?? 0) * price.cacheRead +
            Number(usage.outputTokens) * price.output,
        ),
      );
    if (provider === "claude") expect(done.cacheReadTokens).toBeGreaterThan(0);
    expect(done.cacheReadTokens).toBe(usages.reduce((sum, usage) => sum + Number(usage.cacheReadTokens ?? 0), 0));
    expect(done.cacheWriteTokens).toBe(usages.reduce((sum, usage) => sum + Number(usage.cacheWriteTokens ?? 0), 0));
    expect(done.costMicroUsd).toBe(usages.reduce((sum, usage) => sum + Number(usage.costMicroUsd), 0));
    expect(done.inputTokens).toBe(usages.reduce((sum, usage) => sum + Number(usage.inputTokens), 0));
    expect(await caller.agentRuns.costs({ ticketId: ticket.id })).toMatchObject({
      runs: 1,
      inputTokens: done.inputTokens,
      cacheWriteTokens: done.cacheWriteTokens,
      cacheReadTokens: done.cacheReadTokens,
      costMicroUsd: done.costMicroUsd,
    });
    expect((await caller.agentRuns.costs({ projectId: project.id })).costMicroUsd).toBe(done.costMicroUsd);
  });
});

describe("agent runs", () => {
  it("refuses paths outside the workspace and hands the error back to the model", async () => {
    runtime.anthropic.scripts.add({
      name: "escape",
      turns: [
        { toolCalls: [{ name: "read_file", input: { path: "../../../../etc/passwd" } }] },
        { toolCalls: [{ name: "write_file", input: { path: "/tmp/al-escape.txt", content: "x" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Could not escape." } }] },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:escape]]" });
    expect((await finished(run.id)).status).toBe("completed");
    const results = (await eventsOf(run.id)).filter((event) => event.type === "tool_result").map((event) => event.payload);
    expect(results[0]).toMatchObject({ isError: true, content: expect.stringContaining("outside the workspace") });
    expect(results[1]).toMatchObject({ isError: true, content: expect.stringContaining("absolute") });
  });

  it("completes a run whose files and tool output carry NUL bytes and lone surrogates, storing them as U+FFFD", async () => {
    runtime.anthropic.scripts.add({
      name: "binary",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "blob.bin", content: "half \ud800 pair" } }] },
        { toolCalls: [{ name: "run_command", input: { command: "printf 'a\\000b'; cat blob.bin" } }] },
        { toolCalls: [{ name: "finish", input: { summary: "Read a binary \u0000 file \udc00." } }] },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:binary]]" });
    const done = await finished(run.id);
    expect(done).toMatchObject({ status: "completed", summary: "Read a binary \ufffd file \ufffd." });
    const events = await eventsOf(run.id);
    const written = events.find((event) => event.type === "tool_call" && event.payload.name === "write_file");
    expect(JSON.stringify(written?.payload)).toContain("half \ufffd pair");
    const command = events.find((event) => event.type === "tool_result" && event.payload.name === "run_command");
    expect(command?.payload.content).toEqual(expect.stringContaining("a\ufffdb"));
  });

  it("gives plan runs read-only tools and turns the plan into an artifact", async () => {
    runtime.openai.scripts.add({
      name: "plan",
      turns: [{ toolCalls: [{ name: "finish", input: { summary: "# Plan\n1. Add a route\n2. Test it" } }] }],
    });
    const run = await caller.agentRuns.create({ provider: "codex", mode: "plan", prompt: "Plan it [[script:plan]]" });
    expect(await finished(run.id)).toMatchObject({ status: "completed", summary: "# Plan\n1. Add a route\n2. Test it" });
    const request = runtime.openai.requests.find((entry) => entry.view.messages[0]?.text.includes("[[script:plan]]"))!;
    expect(request.view.tools).toEqual(["list_files", "read_file", "search_text", "finish"]);
    expect(request.view.system).toContain("Mode: PLAN");
    const artifact = (await eventsOf(run.id)).find((event) => event.type === "artifact");
    expect(artifact?.payload).toMatchObject({ kind: "plan", markdown: "# Plan\n1. Add a route\n2. Test it" });
  });

  it("cancels a run mid-stream: the status is final at once and the worker stops", async () => {
    runtime.anthropic.scripts.add({
      name: "slow",
      turns: [{ text: "word ".repeat(400), chunkSize: 5, chunkDelayMs: 20 }],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:slow]]" });
    await waitFor(async () => (await eventsOf(run.id)).some((event) => event.type === "message_delta"), "streaming");
    const cancelled = await caller.agentRuns.cancel({ runId: run.id });
    expect(cancelled.status).toBe("cancelled");
    await expect(caller.agentRuns.cancel({ runId: run.id })).rejects.toThrow(/already been cancelled/);
    // The worker notices, stops streaming, and writes nothing after the final status.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const events = await eventsOf(run.id);
    expect(events[events.length - 1]).toMatchObject({
      type: "status",
      payload: { status: "cancelled", reason: "Cancelled by a user." },
    });
    const streamed = events
      .filter((event) => event.type === "message_delta")
      .map((event) => String(event.payload.text))
      .join("");
    expect(streamed.length).toBeLessThan("word ".repeat(400).length);
    await expect(caller.agentRuns.sendMessage({ runId: run.id, text: "hello?" })).rejects.toThrow(/cancelled/);
  });

  it("cancel kills a running command", async () => {
    runtime.openai.scripts.add({
      name: "sleepy",
      turns: [{ toolCalls: [{ name: "run_command", input: { command: "sleep 30" } }] }],
    });
    const run = await caller.agentRuns.create({ provider: "codex", mode: "implement", prompt: "[[script:sleepy]]" });
    await waitFor(async () => (await eventsOf(run.id)).some((event) => event.type === "tool_call"), "the command to start");
    const started = Date.now();
    await caller.agentRuns.cancel({ runId: run.id });
    // The next run can only start once this worker slot is free: the command must have died.
    runtime.openai.scripts.add({ name: "quick", turns: [{ toolCalls: [{ name: "finish", input: { summary: "ok" } }] }] });
    const next = await caller.agentRuns.create({ provider: "codex", mode: "plan", prompt: "[[script:quick]]" });
    const other = await caller.agentRuns.create({ provider: "codex", mode: "plan", prompt: "[[script:quick:2]]" });
    await finished(next.id);
    await finished(other.id);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("delivers a follow-up message to a running agent before its next step", async () => {
    runtime.anthropic.scripts.add({
      name: "steer",
      turns: [
        {
          text: "Starting on the task, reading around first. ".repeat(6),
          chunkSize: 8,
          chunkDelayMs: 25,
          toolCalls: [{ name: "list_files", input: {} }],
        },
        (request) => {
          const last = request.messages[request.messages.length - 1]!;
          // After tool results the follow-up rides inside the last result, not as text after it.
          const said = `${last.text}\n${last.toolResults.map((result) => result.content).join("\n")}`;
          const steering = /Message from the user: (.*)/.exec(said)?.[1] ?? "none";
          return { toolCalls: [{ name: "finish", input: { summary: `Heard: ${steering}` } }] };
        },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:steer]]" });
    await waitFor(async () => (await eventsOf(run.id)).some((event) => event.type === "message_delta"), "streaming");
    await caller.agentRuns.sendMessage({ runId: run.id, text: "Use TypeScript, please." });
    expect(await finished(run.id)).toMatchObject({ status: "completed", summary: "Heard: Use TypeScript, please." });
    const user = (await eventsOf(run.id)).find((event) => event.type === "user_message");
    expect(user?.payload).toMatchObject({ text: "Use TypeScript, please.", userId });
  });

  it("compacts the conversation when it nears the context budget and carries on", async () => {
    const big = { inputTokens: 16_000, outputTokens: 100 };
    runtime.anthropic.scripts.add({
      name: "long",
      turns: [
        { text: "MARKER-OLD-TURN", toolCalls: [{ name: "list_files", input: {} }], usage: big },
        { text: "Second look.", toolCalls: [{ name: "list_files", input: { path: "." } }], usage: big },
        { toolCalls: [{ name: "list_files", input: { depth: 1 } }], usage: big },
        (request) => {
          const task = request.messages[0]!.text;
          const kept = request.messages.some(
            (message) => message.role === "assistant" && message.text.includes("MARKER-OLD-TURN"),
          );
          return {
            toolCalls: [
              { name: "finish", input: { summary: `summary:${task.includes("<summary-of-earlier-work>")} old:${kept}` } },
            ],
          };
        },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:long]]" });
    expect(await finished(run.id)).toMatchObject({ status: "completed", summary: "summary:true old:false" });
    const compaction = (await eventsOf(run.id)).find((event) => event.type === "compaction");
    expect(compaction?.payload).toMatchObject({ method: "summarised", droppedMessages: 2, promptTokensBefore: 16_100 });
    expect(String(compaction?.payload.summary)).toMatch(/^Summary of earlier work:/);
  });

  it("retries 429s and cut streams, and fails clearly when the stream keeps breaking", async () => {
    runtime.anthropic.scripts.add({
      name: "flaky",
      turns: [
        {
          text: "hello",
          fault: { kind: "http", status: 429, retryAfterSeconds: 0.05, times: 1 },
          toolCalls: [{ name: "list_files", input: {} }],
        },
        {
          text: "streaming a longer answer now",
          chunkSize: 4,
          fault: { kind: "cut", afterChunks: 6, times: 1 },
          toolCalls: [{ name: "finish", input: { summary: "survived" } }],
        },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "[[script:flaky]]" });
    expect(await finished(run.id)).toMatchObject({ status: "completed", summary: "survived" });
    const events = await eventsOf(run.id);
    expect(events.some((event) => event.type === "log" && String(event.payload.message).includes("retrying (1/2)"))).toBe(true);
    expect(events.some((event) => event.type === "message" && event.payload.interrupted === true)).toBe(true);

    runtime.openai.scripts.add({
      name: "broken",
      turns: [{ text: "never finishes", chunkSize: 2, fault: { kind: "cut", afterChunks: 2, times: 10 } }],
    });
    const broken = await caller.agentRuns.create({ provider: "codex", mode: "implement", prompt: "[[script:broken]]" });
    const failed = await finished(broken.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/stream broke off.*after 3 attempts/);
    const last = (await eventsOf(broken.id)).slice(-2);
    expect(last.map((event) => event.type)).toEqual(["error", "status"]);
  });

  it("returns invalid tool arguments to the model as an error it can correct", async () => {
    runtime.openai.scripts.add({
      name: "badargs",
      turns: [
        { toolCalls: [{ name: "read_file", input: { rawJson: '{"path": "README' } }] },
        (request) => {
          const result = request.messages[request.messages.length - 1]!.toolResults[0]!;
          return { toolCalls: [{ name: "finish", input: { summary: `${result.isError}: ${result.content.slice(0, 40)}` } }] };
        },
      ],
    });
    const run = await caller.agentRuns.create({ provider: "codex", mode: "implement", prompt: "[[script:badargs]]" });
    expect(await finished(run.id)).toMatchObject({
      status: "completed",
      summary: expect.stringContaining("The arguments were not valid JSON"),
    });
  });

  it("validates input and scopes runs to the tenant", async () => {
    await expect(caller.agentRuns.create({ provider: "claude", mode: "implement", prompt: "  " })).rejects.toThrow(
      /Write a prompt/,
    );
    await expect(
      caller.agentRuns.create({ provider: "gemini" as "claude", mode: "implement", prompt: "x" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const other = await buildTenant({ name: "Other" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    const { items } = await caller.agentRuns.list({ limit: 1 });
    await expect(stranger.agentRuns.get({ runId: items[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.agentRuns.cancel({ runId: items[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.agentRuns.diffs({ runId: items[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stranger.agentRuns.list({ limit: 50 })).items).toEqual([]);
    const ticket = await createTicket({
      tenantId,
      userId,
      projectId: (await buildProject({ tenantId, userId, name: "Scoped", key: "SCOP" })).project.id,
      title: "Mine",
    });
    await expect(
      stranger.agentRuns.create({ provider: "claude", mode: "plan", prompt: "x", ticketId: ticket.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("resolves instruction layers in order: defaults, tenant, project, ticket — only the run's own, only enabled", async () => {
    const { project } = await buildProject({ tenantId, userId, name: "Layers", key: "LAYR" });
    const { project: otherProject } = await buildProject({ tenantId, userId, name: "Elsewhere", key: "ELSW" });
    const ticket = await createTicket({ tenantId, userId, projectId: project.id, title: "Layered" });
    await caller.instructions.setDefault({ provider: "claude", instructions: "L1 default for Claude." });
    await caller.instructions.setDefault({ provider: "codex", instructions: "NOT for Claude." });
    await caller.instructions.create({ scope: "ticket", scopeId: ticket.id, title: "Ticket", instructions: "L4 ticket rule." });
    await caller.instructions.create({
      scope: "project",
      scopeId: project.id,
      title: "Project",
      instructions: "L3 project rule.",
    });
    await caller.instructions.create({ scope: "tenant", title: "Team", instructions: "L2 tenant rule." });
    await caller.instructions.create({
      scope: "project",
      scopeId: otherProject.id,
      title: "Other",
      instructions: "NOT this project.",
    });
    const disabled = await caller.instructions.create({ scope: "tenant", title: "Off", instructions: "NOT enabled." });
    await caller.instructions.update({ id: disabled.id, enabled: false });
    const other = await buildTenant({ name: "Foreign" });
    const stranger = await callerFor({ userId: other.admin.id, tenantId: other.tenant.id });
    await expect(
      stranger.instructions.create({ scope: "project", scopeId: project.id, title: "x", instructions: "y" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    runtime.anthropic.scripts.add({ name: "layers", turns: [{ toolCalls: [{ name: "finish", input: { summary: "ok" } }] }] });
    const run = await caller.agentRuns.create({
      provider: "claude",
      mode: "plan",
      prompt: "[[script:layers]]",
      ticketId: ticket.id,
    });
    expect((await finished(run.id)).status).toBe("completed");
    const system = runtime.anthropic.requests.find((request) => request.view.messages[0]?.text.includes("[[script:layers]]"))!
      .view.system;
    const positions = ["L1 default", "L2 tenant", "L3 project", "L4 ticket"].map((text) => system.indexOf(text));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(system).not.toContain("NOT ");
    const detail = await caller.agentRuns.get({ runId: run.id });
    expect(detail.resolvedPrompt).toContain("L4 ticket rule.");
    expect(detail.resolvedPrompt).toContain(`LAYR-1: Layered`);
    const log = (await eventsOf(run.id)).find(
      (event) => event.type === "log" && String(event.payload.message).startsWith("Instructions applied"),
    );
    expect(log?.payload.message).toBe(
      "Instructions applied, in order: default → tenant: Team → project: Project → ticket: Ticket.",
    );
  });

  it("lists runs filtered by status, ticket and project, newest first", async () => {
    const all = await caller.agentRuns.list({ limit: 100 });
    expect(all.items.length).toBeGreaterThan(5);
    expect(all.items.map((run) => run.id)).toEqual([...all.items.map((run) => run.id)].sort((a, b) => b - a));
    const failed = await caller.agentRuns.list({ status: "failed", limit: 100 });
    expect(failed.items.length).toBeGreaterThan(0);
    expect(failed.items.every((run) => run.status === "failed")).toBe(true);
    const page = await caller.agentRuns.list({ limit: 2 });
    const next = await caller.agentRuns.list({ limit: 2, cursor: page.nextCursor });
    expect(next.items[0]!.id).toBeLessThan(page.items[1]!.id);
  });
});
