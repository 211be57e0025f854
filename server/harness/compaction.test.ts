import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { buildTenant } from "../../db/seed";
import { agentRunCompactions } from "../../db/schema";
import { agentRunCompactJob } from "../../jobs/agent-run-compact";
import { getBoss } from "../../jobs/boss";
import { COMPACTION_MARKER } from "../../test/fakes/model-script";
import { startAgentRuntime } from "../../test/helpers/agent-runtime";
import { callerFor } from "../../test/helpers/caller";
import { runEvents, runFinished } from "../../test/helpers/wait";
import { EnvSchema } from "../env.server";
import { compactionThreshold } from "./compaction";

/**
 * Compaction on the real parts: runs through the tRPC caller and the local
 * executor, the `agent-run.compact` job on pg-boss, the real Anthropic SDK
 * against the fake Messages API, rows and events in Postgres. The threshold
 * comes from AGENT_COMPACT_AT_TOKENS (20k here), far below 75% of the model's
 * 200k window.
 */
let runtime: Awaited<ReturnType<typeof startAgentRuntime>>;
let tenantId: number;
let caller: Awaited<ReturnType<typeof callerFor>>;

beforeAll(async () => {
  runtime = await startAgentRuntime({ AGENT_COMPACT_AT_TOKENS: "20000" });
  const { tenant, admin } = await buildTenant({ name: "Compaction" });
  tenantId = tenant.id;
  caller = await callerFor({ userId: admin.id, tenantId });
});

afterAll(async () => {
  await runtime?.stop();
});

const MODEL = "claude-haiku-4-5";
const small = { inputTokens: 3_000, outputTokens: 10 };
const big = { inputTokens: 25_000, outputTokens: 10 };
const list = (usage = small, text?: string) => ({ text, toolCalls: [{ name: "list_files", input: { path: "." } }], usage });
const finish = (summary: string) => ({ toolCalls: [{ name: "finish", input: { summary } }] });
const sections = (done: string) =>
  `## Task\nList the files.\n\n## Done\n${done}\n\n## Pending\nReport them.\n\n## Code state\nNo files touched; tests not run.`;

const compactionRequests = () =>
  runtime.anthropic.requests.filter((request) => request.view.messages[0]?.text.startsWith(COMPACTION_MARKER));
const compactionsOf = (runId: number) =>
  db.select().from(agentRunCompactions).where(eq(agentRunCompactions.runId, runId)).orderBy(asc(agentRunCompactions.id));
const compactJob = async (jobId: string) => (await getBoss().findJobs(agentRunCompactJob.name, { id: jobId }))[0];

async function startRun(script: string, prompt = "List the files.", projectId?: number) {
  const run = await caller.agentRuns.create({
    provider: "claude",
    model: MODEL,
    mode: "implement",
    prompt: `${prompt} [[script:${script}]]`,
    projectId,
  });
  const done = await runFinished(tenantId, run.id, { timeoutMs: 60_000 });
  const events = await runEvents(tenantId, run.id);
  return { run: done, events, compactions: events.filter((event) => event.type === "compaction") };
}

describe("the compaction threshold", () => {
  it("is AGENT_COMPACT_AT_TOKENS, 100k unless set, and never above 75% of the window", () => {
    expect(EnvSchema.parse({}).AGENT_COMPACT_AT_TOKENS).toBe(100_000);
    expect(EnvSchema.parse({ AGENT_COMPACT_AT_TOKENS: "20000" }).AGENT_COMPACT_AT_TOKENS).toBe(20_000);
    expect(compactionThreshold(200_000, 100_000)).toBe(100_000);
    expect(compactionThreshold(400_000, 100_000)).toBe(100_000);
    expect(compactionThreshold(32_768, 100_000)).toBe(24_576);
    expect(compactionThreshold(200_000)).toBe(150_000);
  });
});

describe("a run over the threshold", () => {
  it("masks old tool outputs first and calls no model when that brings the prompt under it", async () => {
    const before = compactionRequests().length;
    let masked = "";
    runtime.anthropic.scripts.add({
      name: "mask-only",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "big.txt", content: "a line of the big file\n".repeat(1_500) } }] },
        { toolCalls: [{ name: "read_file", input: { path: "big.txt" } }], usage: small },
        list(),
        list(),
        list({ inputTokens: 21_000, outputTokens: 10 }),
        (request) => {
          masked = request.messages.flatMap((message) => message.toolResults.map((result) => result.content)).join("\n");
          return finish("done");
        },
      ],
    });
    const { run, events, compactions } = await startRun("mask-only");
    expect(run).toMatchObject({ status: "completed", summary: "done" });

    // The read's 40 KB body became a placeholder that says how to get it back; nothing was summarised.
    expect(masked).toContain('[Output elided to save context: read_file({"path":"big.txt"}) returned');
    expect(masked).toContain("Call read_file again if you need them.");
    expect(masked).not.toContain("a line of the big file");
    expect(compactions).toHaveLength(1);
    expect(compactions[0]!.payload).toMatchObject({
      method: "masked",
      maskedResults: 1,
      droppedMessages: 0,
      promptTokensBefore: 21_010,
    });
    expect(Number(compactions[0]!.payload.promptTokensAfter)).toBeLessThan(20_000);
    expect(compactionRequests()).toHaveLength(before);
    expect(await compactionsOf(run.id)).toEqual([]);
    expect(events.some((event) => event.type === "usage" && event.payload.purpose === "compaction")).toBe(false);
  });

  it("summarises through the agent-run.compact job, retried once after a failure, with the task and the previous summary in the prompt", async () => {
    let seen = "";
    runtime.anthropic.scripts.add({
      name: "two-summaries",
      turns: [
        // Long turns, so each summary is shorter than the span it replaces.
        list(small, `MARKER-OLD-TURN ${"Thinking it through. ".repeat(1_000)}`),
        list(small, "Thinking again. ".repeat(1_000)),
        list(big),
        list(big),
        (request) => {
          seen = request.messages[0]!.text;
          return finish("done");
        },
      ],
      compaction: [
        // The first attempt's stream breaks: the job fails, and pg-boss runs it again.
        {
          text: sections("FIRST-SUMMARY: listed the files."),
          fault: { kind: "stream-error", errorType: "overloaded_error", afterChunks: 2, times: 1 },
        },
        { text: sections("SECOND-SUMMARY: listed them twice.") },
      ],
    });
    const before = compactionRequests().length;
    const { run, events, compactions } = await startRun("two-summaries");
    expect(run).toMatchObject({ status: "completed", summary: "done" });

    // What the summariser received: the sections it must write, the task, the earlier summary, the span.
    const requests = compactionRequests().slice(before);
    expect(requests).toHaveLength(3);
    for (const title of ["## Task", "## Done", "## Pending", "## Code state"]) expect(requests[0]!.view.system).toContain(title);
    const [first, retried, second] = requests.map((request) => request.view.messages[0]!.text);
    expect(retried).toBe(first);
    expect(first).toMatch(/<task>\nList the files\. \[\[script:two-summaries\]\]\n[^]*About this workspace:[^]*<\/task>/);
    expect(first).toContain("<previous-summary>\n(none: this is the first compaction)\n</previous-summary>");
    expect(first).toContain("assistant: MARKER-OLD-TURN Thinking it through.");
    expect(second).toMatch(/<task>\nList the files\. \[\[script:two-summaries\]\]\n[^]*<\/task>/);
    expect(second).toMatch(/<previous-summary>\n## Task\nList the files\.\n\n## Done\nFIRST-SUMMARY/);
    expect(second).not.toContain("MARKER-OLD-TURN");

    // The agent then sees its task and only the newest summary, in its four sections.
    expect(seen).toContain("List the files. [[script:two-summaries]]");
    expect(seen).toContain(
      `<summary-of-earlier-work>\n${sections("SECOND-SUMMARY: listed them twice.")}\n</summary-of-earlier-work>`,
    );
    expect(seen).not.toContain("FIRST-SUMMARY");

    // The rows hold the structured summaries; the jobs are pg-boss's, the first retried once.
    const rows = await compactionsOf(run.id);
    expect(rows.map((row) => [row.status, row.failedAttempts, row.previousSummary?.includes("FIRST-SUMMARY") ?? null])).toEqual([
      ["done", 1, null],
      ["done", 0, true],
    ]);
    expect(rows[1]!.sections).toEqual({
      task: "List the files.",
      done: "SECOND-SUMMARY: listed them twice.",
      pending: "Report them.",
      codeState: "No files touched; tests not run.",
    });
    expect(await compactJob(rows[0]!.jobId)).toMatchObject({
      state: "completed",
      retryCount: 1,
      data: { tenantId, compactionId: rows[0]!.id },
    });
    expect(await compactJob(rows[1]!.jobId)).toMatchObject({ state: "completed", retryCount: 0 });

    // Each summary is priced on the run; the events say how far the prompt shrank.
    const priced = events.filter((event) => event.type === "usage" && event.payload.purpose === "compaction");
    expect(priced).toHaveLength(2);
    expect(priced.every((event) => Number(event.payload.costMicroUsd) > 0)).toBe(true);
    expect(compactions.map((event) => event.payload)).toEqual([
      expect.objectContaining({ method: "summarised", droppedMessages: 2, promptTokensBefore: 25_010 }),
      expect.objectContaining({ method: "summarised", droppedMessages: 2, promptTokensBefore: 25_010 }),
    ]);
    for (const event of compactions) expect(Number(event.payload.promptTokensAfter)).toBeLessThan(25_010);
  });

  it("keeps the masked conversation and carries on when the job fails every attempt", async () => {
    runtime.anthropic.scripts.add({
      name: "summary-fails",
      turns: [list(), list(), list(big), finish("carried on")],
      compaction: [
        { text: sections("never"), fault: { kind: "stream-error", errorType: "api_error", afterChunks: 1, times: 3 } },
      ],
    });
    const { run, events, compactions } = await startRun("summary-fails");
    expect(run).toMatchObject({ status: "completed", summary: "carried on" });
    const [row] = await compactionsOf(run.id);
    expect(row).toMatchObject({ status: "failed", failedAttempts: 3, summary: null });
    expect(await compactJob(row!.jobId)).toMatchObject({ state: "failed", retryCount: 2 });
    // (The same list_files call three times also draws the stuck nudge: find the compaction's warning.)
    const warning = events.find(
      (event) => event.type === "log" && event.payload.level === "warn" && String(event.payload.message).startsWith("No summary"),
    );
    expect(String(warning?.payload.message)).toMatch(
      /^No summary this time \(The summary could not be written: .+\); old tool outputs were masked instead\.$/,
    );
    // Nothing was large enough to mask, so the conversation went on unchanged.
    expect(compactions).toEqual([]);
  });

  it("asks the budget before the summary's model call too: once it is spent, no call is made and the run stops at the budget", async () => {
    const { project } = await caller.projects.create({ name: "Frugal", key: "FRUG" });
    // Haiku input is $1 per million tokens: the three turns cost $0.031 of a $0.03 budget.
    await caller.budgets.set({ projectId: project.id, monthlyLimitUsd: 0.03 });
    runtime.anthropic.scripts.add({
      name: "summary-over-budget",
      turns: [list(), list(), list(big), finish("never reached")],
      compaction: [{ text: sections("never written") }],
    });
    const before = compactionRequests().length;
    const { run } = await startRun("summary-over-budget", "List the files.", project.id);
    expect(compactionRequests()).toHaveLength(before);
    const [row] = await compactionsOf(run.id);
    expect(row).toMatchObject({ summary: null, error: expect.stringMatching(/^Stopped by the budget: .*\$0\.03/) });
    expect(await compactJob(row!.jobId)).toMatchObject({ state: "completed", retryCount: 0 });
    expect(run).toMatchObject({ status: "failed", stopReason: "budget" });
  });
});
