import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeAnthropic, type FakeAnthropic } from "../../test/fakes/anthropic";
import type { Script, ScriptedFault } from "../../test/fakes/model-script";
import { startFakeOpenAI, type FakeOpenAI } from "../../test/fakes/openai";
import { costMicroUsd, modelInfo } from "../models/catalog";
import { runGit } from "../git/run-git";
import { workspaceDiff } from "../git/workspace-diff";
import { runAgentLoop, type LoopEvent, type LoopOptions } from "./loop";
import { buildSystemPrompt } from "./prompts";
import { createClaudeClient } from "../models/providers/anthropic";
import { createCodexClient } from "../models/providers/openai";
import { toolsForMode, type Tool } from "./tools";
import { ModelError } from "../models/types";

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

async function run(script: Script, overrides: Partial<LoopOptions> = {}, server: FakeAnthropic = fake) {
  server.scripts.add(script);
  const events: LoopEvent[] = [];
  const result = await runAgentLoop({
    client: createClaudeClient({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 }),
    model: MODEL,
    system: buildSystemPrompt({ provider: "claude", mode: "implement", layers: [] }),
    task: { role: "user", content: [{ type: "text", text: `[[script:${script.name}]] Do the work.` }] },
    tools: toolsForMode("implement"),
    toolContext: { root, commandTimeoutSeconds: 10 },
    limits: { maxTurns: 20 },
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

    const [first, ...rest] = usages;
    // The operating prompt, the tools and the task are over Sonnet's 1,024-token minimum: the first call writes them.
    expect(first!.cacheWriteTokens).toBeGreaterThan(1024);
    expect(first!.cacheReadTokens).toBe(0);
    // From then on each call reads the previous call's whole prompt back, and writes only what the turn added.
    let previous = first!;
    for (const usage of rest) {
      expect(usage.cacheReadTokens).toBe((previous.cacheReadTokens ?? 0) + (previous.cacheWriteTokens ?? 0));
      expect(usage.cacheWriteTokens).toBeLessThan(2_000);
      expect(usage.inputTokens).toBe(0);
      previous = usage;
    }

    const cached = usages.reduce((sum, usage) => sum + costMicroUsd(modelInfo(MODEL)!, usage), 0);
    const uncached = usages.reduce(
      (sum, usage) =>
        sum +
        costMicroUsd(modelInfo(MODEL)!, {
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

describe("stop reasons and stream errors", () => {
  it("retries an overloaded_error sent mid-stream, with backoff", async () => {
    const { result, events } = await run({
      name: "overloaded",
      turns: [
        {
          text: "Working on it, slowly.",
          chunkSize: 4,
          toolCalls: [{ name: "finish", input: { summary: "made it" } }],
          fault: { kind: "stream-error", errorType: "overloaded_error", afterChunks: 5, times: 1 },
        },
      ],
    });
    expect(result).toMatchObject({ endedBy: "finish", summary: "made it" });
    const retry = events.find((event) => event.type === "log" && event.level === "warn");
    expect(retry).toMatchObject({ message: expect.stringMatching(/overloaded_error.*retrying \(1\/2\)/) });
  });

  it("continues a paused turn by sending the conversation back as it is", async () => {
    const { result } = await run({
      name: "paused",
      turns: [
        { text: "Searching the web…", stopReason: "pause_turn" },
        (request) => {
          const last = request.messages.at(-1)!;
          return finish(`${last.role}: ${last.text}`);
        },
      ],
    });
    expect(result).toMatchObject({ endedBy: "finish", summary: "assistant: Searching the web…" });
  });

  it("fails the run with the refusal as its reason", async () => {
    const { result } = await run({ name: "refused", turns: [{ text: "I can't help with that.", stopReason: "refusal" }] });
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toBe('The model refused to continue (stop reason "refusal"): I can\'t help with that.');
  });

  it("does not run a tool call cut at the output limit, and tells the model to split the write", async () => {
    const { result } = await run({
      name: "cut-write",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "cut.txt", content: "y".repeat(400) } }], stopReason: "max_tokens" },
        (request) => finish(request.messages.at(-1)!.toolResults[0]!.content),
      ],
    });
    expect(result).toMatchObject({ summary: expect.stringContaining("Split the write into smaller pieces") });
    await expect(import("node:fs/promises").then((fs) => fs.stat(path.join(root, "cut.txt")))).rejects.toThrow(/ENOENT/);
  });

  it("compacts and retries once when the prompt no longer fits the context window", async () => {
    const big = (index: number) => ({
      toolCalls: [{ name: "write_file", input: { path: `big-${index}.txt`, content: `chunk ${index} `.repeat(6_000) } }],
    });
    const { result, events } = await run({
      name: "overflow",
      turns: [big(1), big(2), big(3), big(4), finish("fits again")],
    });
    expect(result).toMatchObject({ endedBy: "finish", summary: "fits again" });
    // The budget (200k) never asked for compaction: the fake's 40k window refusing the prompt did.
    expect(events.filter((event) => event.type === "compaction")).toHaveLength(1);
  });

  it("compacts and retries once when the request body is over Anthropic's size limit (413)", async () => {
    const small = await startFakeAnthropic({ maxRequestBytes: 120_000 });
    try {
      const big = (index: number) => ({
        toolCalls: [{ name: "write_file", input: { path: `huge-${index}.txt`, content: `part ${index} `.repeat(5_000) } }],
      });
      const { result, events } = await run(
        { name: "too-large", turns: [big(1), big(2), big(3), big(4), finish("small again")] },
        {},
        small,
      );
      expect(result).toMatchObject({ endedBy: "finish", summary: "small again" });
      expect(events.filter((event) => event.type === "compaction")).toHaveLength(1);
      // One request went over the limit (and was refused); the prompt never overflowed the 200k window.
      expect(small.requests.filter((request) => JSON.stringify(request.body).length > 120_000)).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  it("asks again, unchanged, when the model answers tool results with an empty end_turn", async () => {
    const { result } = await run({ name: "empty", turns: [listFiles, { empty: true }, finish("second try")] });
    expect(result).toMatchObject({ endedBy: "finish", summary: "second try" });
    const [, emptyOne, retried] = fake.requests.map((request) => JSON.stringify(request.body));
    expect(retried).toBe(emptyOne);
  });

  it("puts a follow-up after tool results inside the last result, never as text after it", async () => {
    let calls = 0;
    await run(
      { name: "follow-up", turns: [listFiles, (request) => finish(JSON.stringify(request.messages.at(-1)))] },
      { takeFollowUps: async () => (++calls === 2 ? ["Also update the README."] : []) },
    );
    const body = fake.requests.at(-1)!.body as { messages: Array<{ content: Array<{ type: string; content?: string }> }> };
    const last = body.messages.at(-1)!.content;
    expect(last.map((block) => block.type)).toEqual(["tool_result"]);
    expect(last[0]!.content).toContain("Message from the user: Also update the README.");
  });

  it("returns a tool's thrown error to the model instead of ending the run", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refusing = {
      name: "lookup",
      description: "Looks a thing up on an HTTP endpoint",
      input: z.record(z.string(), z.unknown()),
      writes: false,
      // The same call a custom tool makes, to a port nothing listens on.
      run: async () => {
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" });
        return { content: await response.text() };
      },
    } as unknown as Tool<unknown>;
    const { result } = await run(
      {
        name: "throwing-tool",
        turns: [
          { toolCalls: [{ name: "lookup", input: {} }] },
          (request) => finish(request.messages.at(-1)!.toolResults[0]!.content),
        ],
      },
      { tools: [...toolsForMode("implement"), refusing] },
    );
    expect(result).toMatchObject({
      endedBy: "finish",
      summary: expect.stringMatching(/^lookup failed: fetch failed \(ECONNREFUSED\)/),
    });
  });
});

describe("the review before finish", () => {
  async function gitWorkspace() {
    const dir = await mkdtemp(path.join(tmpdir(), "loop-review-"));
    await runGit(dir, ["init", "--quiet", "--initial-branch=main"]);
    await writeFile(path.join(dir, "README.md"), "# Demo\n");
    await runGit(dir, ["add", "-A"]);
    await runGit(dir, ["-c", "user.name=T", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "base"]);
    return dir;
  }

  it("shows the model its diff at the first finish; a model that spots a stray file removes it and finishes again", async () => {
    const dir = await gitWorkspace();
    const { result } = await run(
      {
        name: "review-fixes",
        answersFinishReview: true,
        turns: [
          { toolCalls: [{ name: "write_file", input: { path: "README.md", content: "# Demo\n\nUsage: run it.\n" } }] },
          { toolCalls: [{ name: "write_file", input: { path: "notes.txt", content: "scratch\n" } }] },
          finish("Documented usage."),
          (request) => {
            const review = request.messages.at(-1)!.toolResults[0]!.content;
            if (!review.includes("- notes.txt (added, +1 −0)")) throw new Error(`no stray file in the review: ${review}`);
            return { toolCalls: [{ name: "run_command", input: { command: "rm notes.txt" } }] };
          },
          finish("Documented usage."),
        ],
      },
      { toolContext: { root: dir, commandTimeoutSeconds: 10 } },
    );
    expect(result).toMatchObject({ endedBy: "finish", summary: "Documented usage.", turns: 5 });
    // What the harness delivers: the README only.
    expect((await workspaceDiff(dir)).map((file) => file.filePath)).toEqual(["README.md"]);
    await rm(dir, { recursive: true, force: true });
  });

  it("is confirmed by the scripted fake as a satisfied model would, without using a script turn", async () => {
    const dir = await gitWorkspace();
    const { result, events } = await run(
      {
        name: "review-confirmed",
        turns: [{ toolCalls: [{ name: "write_file", input: { path: "README.md", content: "# Demo!\n" } }] }, finish("Shouted.")],
      },
      { toolContext: { root: dir, commandTimeoutSeconds: 10 } },
    );
    expect(result).toMatchObject({ endedBy: "finish", summary: "Shouted.", turns: 3 });
    const finishes = events.flatMap((event) => (event.type === "tool_result" && event.name === "finish" ? [event.content] : []));
    expect(finishes).toHaveLength(2);
    expect(finishes[0]).toMatch(/^Not finished yet\. Review the change .* \(1 file\):\n- README\.md \(modified, \+1 −1\)/);
    expect(finishes[1]).toBe("Finished.");
    await rm(dir, { recursive: true, force: true });
  });
});

describe("error chunks inside a Chat Completions stream (OpenAI-compatible servers)", () => {
  let chat: FakeOpenAI;
  beforeAll(async () => {
    chat = await startFakeOpenAI();
  });
  afterAll(async () => {
    await chat?.close();
  });
  beforeEach(() => chat.reset());

  async function runChat(name: string, fault: ScriptedFault) {
    chat.scripts.add({
      name,
      turns: [
        { text: "Reading the code first.", chunkSize: 4, toolCalls: [{ name: "finish", input: { summary: "made it" } }], fault },
      ],
    });
    const events: LoopEvent[] = [];
    const result = await runAgentLoop({
      client: createCodexClient({ apiKey: "sk-test", baseURL: chat.url, api: "chat-completions", maxRetries: 0 }),
      model: "qwen2.5-coder:32b",
      system: buildSystemPrompt({ provider: "codex", mode: "implement", layers: [] }),
      task: { role: "user", content: [{ type: "text", text: `[[script:${name}]] Do the work.` }] },
      tools: toolsForMode("implement"),
      toolContext: { root, commandTimeoutSeconds: 10 },
      limits: { maxTurns: 5 },
      contextBudget: 100_000,
      maxOutputTokens: 1_000,
      deltaFlushMs: 1,
      emit: async (event) => {
        events.push(event);
      },
    }).catch((error: unknown) => error);
    const warnings = events.flatMap((event) => (event.type === "log" && event.level === "warn" ? [event.message] : []));
    return { result, warnings };
  }

  it.each([
    ["openai", "server_error"],
    ["openai", "overloaded"],
    ["vllm", "server_error"],
    ["vllm", "overloaded"],
    ["ollama", "server_error"],
  ] as const)("retries a transient %s error chunk (%s) sent after some deltas, with backoff", async (server, error) => {
    const { result, warnings } = await runChat(`chunk-${server}-${error}`, {
      kind: "chunk-error",
      server,
      error,
      afterChunks: 4,
      times: 1,
    });
    expect(result).toMatchObject({ endedBy: "finish", summary: "made it" });
    expect(warnings).toEqual([expect.stringMatching(/stream reported .*retrying \(1\/2\)/)]);
    // The retry asked again: two requests for the one turn.
    expect(chat.requests).toHaveLength(2);
  });

  it.each(["openai", "vllm", "ollama"] as const)(
    "fails the run at once, saying what the %s server reported, on an error chunk that is not transient",
    async (server) => {
      const { result, warnings } = await runChat(`chunk-${server}-bad`, {
        kind: "chunk-error",
        server,
        error: "bad_request",
        afterChunks: 4,
        times: 1,
      });
      expect(result).toBeInstanceOf(ModelError);
      expect((result as Error).message).toMatch(
        /^The model's stream reported an error \((invalid_request_error|BadRequestError)\): The prompt contains tokens/,
      );
      expect(warnings).toEqual([]);
      expect(chat.requests).toHaveLength(1);
    },
  );
});
