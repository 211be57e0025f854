import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../../test/fakes/anthropic";
import type { Script } from "../../test/fakes/model-script";
import { costMicroUsd } from "./catalog";
import { runAgentLoop, type LoopEvent, type LoopOptions } from "./loop";
import { buildSystemPrompt } from "./prompts";
import { createClaudeClient } from "./providers/anthropic";
import { toolsForMode } from "./tools";

/**
 * The agent loop on the real Anthropic SDK against the fake Messages API, with
 * the real system prompt and tools in a scratch workspace.
 */
let fake: FakeAnthropic;
let root: string;

beforeAll(async () => {
  fake = await startFakeAnthropic({ contextTokens: 40_000 });
  root = await mkdtemp(path.join(tmpdir(), "loop-test-"));
});

afterAll(async () => {
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

const MODEL = "claude-sonnet-4-6";

async function run(script: Script, overrides: Partial<LoopOptions> = {}) {
  fake.scripts.add(script);
  const events: LoopEvent[] = [];
  const result = await runAgentLoop({
    client: createClaudeClient({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 }),
    model: MODEL,
    system: buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] }),
    task: { role: "user", content: [{ type: "text", text: `[[script:${script.name}]] Do the work.` }] },
    tools: toolsForMode("implement"),
    toolContext: { root, commandTimeoutSeconds: 10 },
    maxTurns: 20,
    contextBudget: 200_000,
    maxOutputTokens: 1_000,
    deltaFlushMs: 1,
    emit: async (event) => {
      events.push(event);
    },
    ...overrides,
  }).catch((error: unknown) => error);
  return { result, events, usages: events.flatMap((event) => (event.type === "usage" ? [event] : [])) };
}

const listFiles = { toolCalls: [{ name: "list_files", input: { path: "." } }] };
/** A turn that adds about 1,500 tokens to the conversation. */
const writeNotes = (index: number) => ({
  toolCalls: [{ name: "write_file", input: { path: `notes-${index}.md`, content: `Note ${index}. `.repeat(600) } }],
});
const finish = (summary: string) => ({ toolCalls: [{ name: "finish", input: { summary } }] });

describe("prompt caching", () => {
  it("reads each turn's prefix from the cache, more every turn, and costs less than without", async () => {
    const { result, usages } = await run({
      name: "cached-turns",
      turns: [writeNotes(1), writeNotes(2), writeNotes(3), writeNotes(4), writeNotes(5), finish("done")],
    });
    expect(result).toMatchObject({ endedBy: "finish", turns: 6 });

    const [first, second, ...rest] = usages;
    // The tools, system prompt and task alone are under Sonnet's 1,024-token minimum: nothing is cached yet.
    expect(first).toMatchObject({ cacheWriteTokens: 0, cacheReadTokens: 0 });
    expect(second!.cacheWriteTokens).toBeGreaterThan(1024);
    expect(second!.cacheReadTokens).toBe(0);
    // From then on each call reads the previous call's whole prompt back, and writes only what the turn added.
    let previous = second!;
    for (const usage of rest) {
      expect(usage.cacheReadTokens).toBe((previous.cacheReadTokens ?? 0) + (previous.cacheWriteTokens ?? 0));
      expect(usage.cacheWriteTokens).toBeLessThan(2_000);
      expect(usage.inputTokens).toBe(0);
      previous = usage;
    }

    const cached = usages.reduce((sum, usage) => sum + costMicroUsd(MODEL, usage), 0);
    const uncached = usages.reduce(
      (sum, usage) =>
        sum +
        costMicroUsd(MODEL, {
          inputTokens: usage.inputTokens + (usage.cacheWriteTokens ?? 0) + (usage.cacheReadTokens ?? 0),
          outputTokens: usage.outputTokens,
        }),
      0,
    );
    expect(cached).toBeLessThan(uncached);
  });

  it("marks the last tool, the system prompt and the newest messages, at most four breakpoints", async () => {
    await run({ name: "breakpoints", turns: [listFiles, finish("done")] });
    const body = fake.requests.at(-1)!.body as {
      tools: Array<{ cache_control?: unknown }>;
      system: Array<{ cache_control?: unknown }>;
      messages: Array<{ content: Array<{ cache_control?: unknown }> }>;
    };
    expect(body.tools.at(-1)!.cache_control).toEqual({ type: "ephemeral" });
    expect(body.tools.slice(0, -1).every((tool) => tool.cache_control === undefined)).toBe(true);
    expect(body.system).toEqual([expect.objectContaining({ type: "text", cache_control: { type: "ephemeral" } })]);
    expect(body.messages.at(-1)!.content.at(-1)!.cache_control).toEqual({ type: "ephemeral" });
    const marks = JSON.stringify(body).split('"cache_control"').length - 1;
    expect(marks).toBeLessThanOrEqual(4);
  });
});
