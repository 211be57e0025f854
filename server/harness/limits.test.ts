import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../../test/fakes/anthropic";
import type { RequestView, Script, ScriptedTurn } from "../../test/fakes/model-script";
import { modelInfo } from "../models/catalog";
import { runAgentLoop, type LoopEvent, type LoopOptions } from "./loop";
import { buildSystemPrompt } from "./prompts";
import { createClaudeClient } from "../models/providers/anthropic";
import { toolsForMode } from "./tools";

/**
 * The loop's limits on the real Anthropic SDK against the fake Messages API:
 * each cap warns the model before it and ends the loop with a stop reason
 * instead of an error, so the caller can keep the work.
 */
let fake: FakeAnthropic;
let root: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  root = await mkdtemp(path.join(tmpdir(), "limits-test-"));
});

afterAll(async () => {
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

async function run(script: Script, overrides: Partial<LoopOptions> = {}) {
  fake.scripts.add(script);
  const events: LoopEvent[] = [];
  const result = await runAgentLoop({
    client: createClaudeClient({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 }),
    model: "claude-haiku-4-5",
    system: buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] }),
    task: { role: "user", content: [{ type: "text", text: `[[script:${script.name}]] Do the work.` }] },
    tools: toolsForMode("implement"),
    toolContext: { root, commandTimeoutSeconds: 30 },
    limits: { maxTurns: 20 },
    contextBudget: 200_000,
    maxOutputTokens: 1_000,
    deltaFlushMs: 1,
    emit: async (event) => {
      events.push(event);
    },
    ...overrides,
  });
  const warnings = events.flatMap((event) => (event.type === "log" && event.level === "warn" ? [event.message] : []));
  return { result, warnings };
}

const listFiles = (depth: number): ScriptedTurn => ({ toolCalls: [{ name: "list_files", input: { path: ".", depth } }] });
const finish = (summary: string): ScriptedTurn => ({ toolCalls: [{ name: "finish", input: { summary } }] });
/** What the harness told the model in the request's last message (inside a tool result, or as text). */
const harnessSaid = (request: RequestView) => {
  const last = request.messages.at(-1)!;
  return [last.text, ...last.toolResults.map((result) => result.content)]
    .join("\n")
    .split("\n")
    .filter((line) => line.startsWith("Message from the harness:"))
    .join("\n");
};

describe("caps", () => {
  it("warns the model three turns before the turn cap, then stops at the cap with its last words as the summary", async () => {
    const heard: string[] = [];
    const { result, warnings } = await run(
      {
        name: "turn-cap",
        turns: [1, 2, 3, 4, 5, 6].map((index) => (request) => {
          heard.push(harnessSaid(request));
          return { text: `Step ${index}.`, ...listFiles(index) };
        }),
      },
      { limits: { maxTurns: 5 } },
    );
    expect(result).toEqual({
      endedBy: "limit",
      turns: 6,
      summary: "Step 5.",
      stop: { reason: "turns", message: "The run reached its cap of 5 turns." },
    });
    // Turn 3 of 5 is the first with three turns left; the warning comes once.
    expect(heard.map((said) => said.includes("You have 3 turns left"))).toEqual([false, false, true, false, false]);
    expect(fake.requests).toHaveLength(5);
    expect(warnings[0]).toMatch(/^You have 3 turns left before the run is stopped\. Wrap up/);
    expect(warnings.at(-1)).toBe("The run reached its cap of 5 turns. The work so far is kept.");
  });

  it("warns at 80% of the cost cap and stops once the run has spent it", async () => {
    // Haiku input is $1 per million tokens: each turn costs $0.045 of a $0.10 cap.
    const costly = (index: number): ScriptedTurn => ({ ...listFiles(index), usage: { inputTokens: 45_000, outputTokens: 0 } });
    const { result, warnings } = await run(
      { name: "cost-cap", turns: [costly(1), costly(2), costly(3), costly(4)] },
      { limits: { maxTurns: 20, maxCostMicroUsd: 100_000, price: modelInfo("claude-haiku-4-5") } },
    );
    expect(result).toMatchObject({
      endedBy: "limit",
      turns: 4,
      stop: { reason: "cost", message: "The run reached its cost cap of $0.10 (spent $0.14)." },
    });
    expect(warnings[0]).toMatch(/^The run has spent \$0\.09 of its \$0\.10 cost cap\./);
    expect(fake.requests).toHaveLength(3);
  });

  it("stops at the time cap mid-command, killing it, and keeps what was written", async () => {
    const started = Date.now();
    const { result } = await run(
      {
        name: "time-cap",
        turns: [
          { toolCalls: [{ name: "write_file", input: { path: "timed.txt", content: "written in time\n" } }] },
          { toolCalls: [{ name: "run_command", input: { command: "sleep 20" } }] },
          finish("never reached"),
        ],
      },
      { limits: { maxTurns: 20, deadline: Date.now() + 1_500 } },
    );
    expect(result).toMatchObject({ endedBy: "limit", stop: { reason: "time", message: "The run reached its time cap." } });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await readFile(path.join(root, "timed.txt"), "utf8")).toBe("written in time\n");
  });

  it("stops when the caller aborts with a limit, and still throws for a plain abort", async () => {
    const { LimitStop } = await import("./limits");
    const keep = new AbortController();
    keep.abort(new LimitStop("cancelled", "A user stopped the run, keeping its work."));
    const { result } = await run({ name: "kept", turns: [finish("never")] }, { signal: keep.signal });
    expect(result).toMatchObject({ endedBy: "limit", stop: { reason: "cancelled" } });

    const hard = new AbortController();
    hard.abort(new Error("cancelled"));
    await expect(run({ name: "hard", turns: [finish("never")] }, { signal: hard.signal })).rejects.toThrow("cancelled");
  });
});

describe("nudges", () => {
  it("reminds a model that ends its turn without finish once, and succeeds when it then finishes", async () => {
    const { result } = await run({
      name: "nudged",
      turns: [{ text: "I think that is it." }, (request) => finish(`heard: ${harnessSaid(request)}`)],
    });
    expect(result).toEqual({
      endedBy: "finish",
      turns: 2,
      summary: expect.stringContaining("heard: Message from the harness: You ended your turn without calling finish."),
    });
  });

  it("stops, keeping the work, when the model ends its turn without finish a second time", async () => {
    const { result } = await run({ name: "no-finish", turns: [{ text: "Done, I think." }, { text: "Really done." }] });
    expect(result).toEqual({
      endedBy: "limit",
      turns: 2,
      summary: "Really done.",
      stop: { reason: "no_finish", message: "The agent ended its turn again without calling finish." },
    });
  });

  it("nudges a model that repeats the same call with the same result three times, and stops it the next time", async () => {
    const said: string[] = [];
    const same = (request: RequestView): ScriptedTurn => {
      said.push(harnessSaid(request));
      return listFiles(1);
    };
    const { result } = await run({ name: "loops", turns: [same, same, same, same, same, same, same] });
    expect(result).toMatchObject({
      endedBy: "limit",
      turns: 6,
      stop: {
        reason: "stuck",
        message: "The agent looked stuck: it made the same list_files call 3 times in a row and got the same result each time.",
      },
    });
    // The nudge rides in the third result; counting starts again after it.
    expect(said.map(Boolean)).toEqual([false, false, false, true, false, false]);
    expect(said[3]).toContain("Repeating it will not help");
  });

  it("nudges after five failed calls in a row, and stops after five more", async () => {
    const failing = (index: number): ScriptedTurn => ({
      toolCalls: [{ name: "read_file", input: { path: `missing-${index}.txt` } }],
    });
    const { result, warnings } = await run({
      name: "errors",
      turns: Array.from({ length: 12 }, (_, index) => failing(index)),
    });
    expect(result).toMatchObject({
      endedBy: "limit",
      turns: 10,
      stop: { reason: "stuck", message: "The agent looked stuck: its last 5 tool calls all failed." },
    });
    expect(warnings[0]).toMatch(/^Your last 5 tool calls all failed\. Repeating it will not help/);
  });

  it("does not count calls that succeed or differ", async () => {
    const { result } = await run({
      name: "varied",
      turns: [listFiles(1), listFiles(2), listFiles(1), listFiles(2), listFiles(1), finish("fine")],
    });
    expect(result).toMatchObject({ endedBy: "finish", summary: "fine" });
  });
});
