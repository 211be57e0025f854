import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../../../test/fakes/openai";
import { costMicroUsd, modelInfo } from "../catalog";
import { ModelError, TransientModelError, type AssistantMessage, type Message, type ModelTurn, type ToolSpec } from "../types";
import { createCodexClient, type OpenAIApi } from "./openai";

let openai: FakeOpenAI;
let ollama: FakeOpenAI;

beforeAll(async () => {
  [openai, ollama] = await Promise.all([startFakeOpenAI(), startFakeOpenAI({ flavor: "ollama" })]);
});
afterAll(async () => {
  await Promise.all([openai?.close(), ollama?.close()]);
});
beforeEach(() => {
  openai.reset();
  ollama.reset();
});

const TOOLS: ToolSpec[] = [
  {
    name: "read_file",
    description: "Read a file.",
    inputSchema: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];

function client(api: OpenAIApi, server = openai) {
  return createCodexClient({
    apiKey: "sk-test",
    baseURL: server.url,
    api,
    maxRetries: 0,
    cacheKey: "run-7",
    reasoningEffort: "high",
  });
}

function ask(text: string): Message[] {
  return [{ role: "user", content: [{ type: "text", text }] }];
}

/** The assistant message the loop keeps for a turn. */
function assistantOf(turn: ModelTurn): AssistantMessage {
  const content: AssistantMessage["content"] = [...(turn.opaque ?? [])];
  if (turn.text) content.push({ type: "text", text: turn.text });
  content.push(...turn.toolCalls);
  return { role: "assistant", content };
}

const bodyOf = (server: FakeOpenAI, index: number) => server.requests[index]!.body as Record<string, unknown>;

describe("codex on the Responses API", () => {
  it("runs a function call round trip, carrying the encrypted reasoning item back", async () => {
    openai.scripts.add({
      name: "codex-round-trip",
      turns: [{ toolCalls: [{ name: "read_file", input: { path: "README.md" } }] }, { text: "It is a readme." }],
    });
    const codex = client("responses");
    const request = { model: "gpt-5.1-codex", system: "You code.", tools: TOOLS, maxOutputTokens: 32_000 };
    const messages = ask("[[script:codex-round-trip]] What is in README.md?");

    const first = await codex.complete({ ...request, messages });
    expect(first.toolCalls).toMatchObject([{ type: "tool_call", name: "read_file", input: { path: "README.md" } }]);
    expect(first.opaque).toHaveLength(1);
    const call = first.toolCalls[0]!;
    messages.push(assistantOf(first), {
      role: "user",
      content: [{ type: "tool_result", toolCallId: call.id, content: "# Hello", isError: false }],
    });

    const second = await codex.complete({ ...request, messages });
    expect(second).toMatchObject({ text: "It is a readme.", toolCalls: [], stopReason: "stop" });

    const sent = bodyOf(openai, 0);
    expect(sent).toMatchObject({
      model: "gpt-5.1-codex",
      instructions: "You code.",
      store: false,
      stream: true,
      include: ["reasoning.encrypted_content"],
      max_output_tokens: 32_000,
      reasoning: { effort: "high" },
      prompt_cache_key: "run-7",
      tools: [{ type: "function", name: "read_file", strict: false }],
    });
    const reasoning = first.opaque![0]!.data.item as { id: string; encrypted_content: string };
    expect(reasoning.encrypted_content).toMatch(/^gAAAAA/);
    expect(bodyOf(openai, 1).input).toEqual([
      { role: "user", content: [{ type: "input_text", text: "[[script:codex-round-trip]] What is in README.md?" }] },
      { type: "reasoning", id: reasoning.id, summary: [], encrypted_content: reasoning.encrypted_content },
      { type: "function_call", call_id: call.id, name: "read_file", arguments: '{"path":"README.md"}' },
      { type: "function_call_output", call_id: call.id, output: "# Hello" },
    ]);
  });

  it("is refused, as the real API refuses it, when the function call comes back without its reasoning", async () => {
    openai.scripts.add({ name: "codex-forgetful", turns: [{ toolCalls: [{ name: "read_file", input: { path: "a" } }] }] });
    const codex = client("responses");
    const request = { model: "gpt-5-codex", system: "s", tools: TOOLS, maxOutputTokens: 1_000 };
    const messages = ask("[[script:codex-forgetful]] go");
    const first = await codex.complete({ ...request, messages });
    messages.push({ ...assistantOf(first), content: assistantOf(first).content.filter((part) => part.type !== "opaque") });
    messages.push({
      role: "user",
      content: [{ type: "tool_result", toolCallId: first.toolCalls[0]!.id, content: "x", isError: false }],
    });
    const error = await codex.complete({ ...request, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).status).toBe(400);
    expect((error as Error).message).toMatch(/of type 'function_call' was provided without its required 'reasoning' item/);
  });

  it("counts cached input apart and reasoning inside the output, and prices cached input lower", async () => {
    openai.scripts.add({
      name: "codex-cached",
      turns: [
        { text: "one", usage: { inputTokens: 3_000, outputTokens: 500, reasoningTokens: 400 } },
        { text: "two", usage: { inputTokens: 3_100, outputTokens: 500, reasoningTokens: 400 } },
      ],
    });
    const codex = client("responses");
    const long = `[[script:codex-cached]] ${"Context that repeats. ".repeat(700)}`;
    const request = { model: "gpt-5.1-codex", system: "s", tools: TOOLS, maxOutputTokens: 1_000 };
    const messages = ask(long);
    const first = await codex.complete({ ...request, messages });
    expect(first.usage).toEqual({ inputTokens: 3_000, outputTokens: 500, reasoningTokens: 400 });
    messages.push(assistantOf(first), { role: "user", content: [{ type: "text", text: "And then?" }] });
    const second = await codex.complete({ ...request, messages });

    const cached = second.usage.cacheReadTokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(second.usage).toEqual({
      inputTokens: 3_100 - cached,
      cacheReadTokens: cached,
      outputTokens: 500,
      reasoningTokens: 400,
    });
    // 0.125 $/M for cached input instead of 1.25; reasoning is priced once, as part of the output.
    expect(costMicroUsd(modelInfo("gpt-5.1-codex")!, second.usage)).toBe(
      Math.round((3_100 - cached) * 1.25 + cached * 0.125 + 500 * 10),
    );
    expect(costMicroUsd(modelInfo("gpt-5.1-codex")!, second.usage)).toBeLessThan(
      costMicroUsd(modelInfo("gpt-5.1-codex")!, { inputTokens: 3_100, outputTokens: 500 }),
    );
  });

  it("handles an output cut at max_output_tokens, the content filter, a refusal, and failed streams", async () => {
    openai.scripts.add({ name: "codex-cut", turns: [{ text: "Half a tho", incomplete: "max_output_tokens" }] });
    openai.scripts.add({ name: "codex-filtered", turns: [{ text: "", incomplete: "content_filter" }] });
    openai.scripts.add({ name: "codex-refuses", turns: [{ refusal: "I can't help with that." }] });
    const failing = (event: "response.failed" | "error", code: string) => ({
      fault: { kind: "response-error" as const, event, code, afterChunks: 2, times: 1 },
      text: "ok",
    });
    openai.scripts.add({ name: "codex-failed", turns: [failing("response.failed", "server_error")] });
    openai.scripts.add({ name: "codex-error", turns: [failing("error", "invalid_prompt")] });
    const codex = client("responses");
    const call = (marker: string) =>
      codex.complete({
        model: "gpt-5-mini",
        system: "s",
        tools: TOOLS,
        maxOutputTokens: 64,
        messages: ask(`[[script:${marker}]] go`),
      });

    expect(await call("codex-cut")).toMatchObject({ text: "Half a tho", stopReason: "length" });
    await expect(call("codex-filtered")).rejects.toThrow(/content filter/);
    expect(await call("codex-refuses")).toMatchObject({ text: "I can't help with that.", toolCalls: [] });
    await expect(call("codex-failed")).rejects.toBeInstanceOf(TransientModelError);
    expect(await call("codex-failed")).toMatchObject({ text: "ok" });
    const error = await call("codex-error").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/invalid_prompt/);
  });

  it("sends no reasoning parameters to a model that does not reason", async () => {
    openai.scripts.add({ name: "plain-model", turns: [{ text: "hi" }] });
    await client("responses").complete({
      model: "gpt-4.1",
      system: "s",
      tools: [],
      maxOutputTokens: 100,
      messages: ask("[[script:plain-model]] hi"),
    });
    const body = bodyOf(openai, 0);
    expect(body.reasoning).toBeUndefined();
    expect(body.include).toBeUndefined();
    expect(body.tools).toBeUndefined();
  });
});

describe("codex on Chat Completions (OpenAI-compatible servers)", () => {
  it("tells to use the Responses API when given a Codex model", async () => {
    const error = await client("chat-completions")
      .complete({ model: "gpt-5.1-codex", system: "s", tools: TOOLS, maxOutputTokens: 100, messages: ask("hi") })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).status).toBe(404);
    expect((error as Error).message).toMatch(/served only on OpenAI's Responses API: set OPENAI_API=responses/);
  });

  it("keeps Ollama's parallel calls apart although both come with index 0", async () => {
    ollama.scripts.add({
      name: "ollama-parallel",
      turns: [
        {
          toolCalls: [
            { name: "read_file", input: { path: "a.ts" } },
            { name: "read_file", input: { path: "b.ts" } },
          ],
        },
      ],
    });
    const turn = await client("chat-completions", ollama).complete({
      model: "qwen2.5-coder:32b",
      system: "s",
      tools: TOOLS,
      maxOutputTokens: 100,
      messages: ask("[[script:ollama-parallel]] read both"),
    });
    expect(turn.toolCalls.map((call) => [call.name, call.input])).toEqual([
      ["read_file", { path: "a.ts" }],
      ["read_file", { path: "b.ts" }],
    ]);
    expect(new Set(turn.toolCalls.map((call) => call.id)).size).toBe(2);
  });

  it("leaves out an empty tools list, caps the output and maps cached tokens", async () => {
    openai.scripts.add({
      name: "chat-summary",
      turns: [
        { text: "one", usage: { inputTokens: 2_000, outputTokens: 10 } },
        { text: "two", usage: { inputTokens: 2_000, outputTokens: 10 } },
      ],
    });
    const chat = client("chat-completions");
    const request = {
      model: "gpt-4.1",
      system: "s",
      tools: [],
      maxOutputTokens: 4_000,
      messages: ask(`[[script:chat-summary]] ${"x".repeat(6_000)}`),
    };
    expect(await chat.complete(request)).toMatchObject({ text: "one", usage: { inputTokens: 2_000, outputTokens: 10 } });
    const second = await chat.complete(request);
    expect(second.usage.cacheReadTokens).toBeGreaterThanOrEqual(1024);
    expect(second.usage.inputTokens).toBe(2_000 - second.usage.cacheReadTokens!);
    const body = bodyOf(openai, 0);
    expect("tools" in body).toBe(false);
    expect(body.max_tokens).toBe(4_000);
  });
});
