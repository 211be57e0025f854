import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "../../../test/fakes/anthropic";
import { ContextOverflowError, RequestTooLargeError, type Message, type ToolSpec } from "../types";
import { createClaudeClient, thinkingBudgetFor } from "./anthropic";

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
});

const TOOLS: ToolSpec[] = [
  { name: "read_file", description: "Read a file.", inputSchema: { type: "object", properties: { path: { type: "string" } } } },
];
const client = (thinkingBudgetTokens?: number) =>
  createClaudeClient({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0, thinkingBudgetTokens });
const ask = (script: string): Message => ({ role: "user", content: [{ type: "text", text: `[[script:${script}]] look` }] });

describe("Claude extended thinking", () => {
  it("thinks for plan, review and bugfix, not for implement", () => {
    expect(thinkingBudgetFor("plan")).toBe(8_000);
    expect(thinkingBudgetFor("review")).toBe(8_000);
    expect(thinkingBudgetFor("bugfix")).toBe(4_000);
    expect(thinkingBudgetFor("implement")).toBeUndefined();
  });

  it("asks for thinking with room above the budget and no temperature, and sends the signed blocks back during tool use", async () => {
    fake.scripts.add({
      name: "claude-thinks",
      turns: [
        {
          thinking: "Start with the README.",
          redactedThinking: true,
          toolCalls: [{ name: "read_file", input: { path: "README.md" } }],
          usage: { inputTokens: 100, outputTokens: 900 },
        },
        { text: "It is a small project." },
      ],
    });
    const claude = client(4_000);
    const first = await claude.complete({
      model: "claude-sonnet-4-6",
      system: "Be brief.",
      messages: [ask("claude-thinks")],
      tools: TOOLS,
      maxOutputTokens: 16_000,
    });
    const body = fake.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ thinking: { type: "enabled", budget_tokens: 4_000 }, max_tokens: 20_000 });
    expect(body).not.toHaveProperty("temperature");
    expect(first.opaque?.map((part) => [part.provider, part.data.type])).toEqual([
      ["anthropic", "thinking"],
      ["anthropic", "redacted_thinking"],
    ]);
    expect(first.opaque?.[0]?.data).toMatchObject({ thinking: "Start with the README.", signature: expect.any(String) });
    // Thinking is in the output count, as the API reports it; it is priced as output.
    expect(first.usage.outputTokens).toBe(900);

    // The loop keeps the opaque parts first in the assistant message; the fake refuses the results without them.
    const assistant: Message = { role: "assistant", content: [...first.opaque!, ...first.toolCalls] };
    const results: Message = {
      role: "user",
      content: [{ type: "tool_result", toolCallId: first.toolCalls[0]!.id, content: "# Small", isError: false }],
    };
    const second = await claude.complete({
      model: "claude-sonnet-4-6",
      system: "Be brief.",
      messages: [ask("claude-thinks"), assistant, results],
      tools: TOOLS,
      maxOutputTokens: 16_000,
    });
    expect(second.text).toBe("It is a small project.");
    const sent = (fake.requests[1]!.body as { messages: Array<{ content: Array<{ type: string }> }> }).messages[1]!.content;
    expect(sent.map((block) => block.type)).toEqual(["thinking", "redacted_thinking", "tool_use"]);

    const withoutThinking = { role: "assistant" as const, content: [...first.toolCalls] };
    await expect(
      claude.complete({
        model: "claude-sonnet-4-6",
        system: "Be brief.",
        messages: [ask("claude-thinks"), withoutThinking, results],
        tools: TOOLS,
        maxOutputTokens: 16_000,
      }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("must start with a thinking block") });
  });

  it("does not think on a model the catalog does not mark as thinking, nor without a budget", async () => {
    fake.scripts.add({ name: "no-think", turns: [{ text: "One." }, { text: "Two." }] });
    const one = await client(4_000).complete({
      model: "claude-in-house-1",
      system: "",
      messages: [ask("no-think")],
      tools: [],
      maxOutputTokens: 1_000,
    });
    const two = await client().complete({
      model: "claude-haiku-4-5",
      system: "",
      messages: [ask("no-think")],
      tools: [],
      maxOutputTokens: 1_000,
    });
    expect([one.opaque, two.opaque]).toEqual([undefined, undefined]);
    for (const request of fake.requests) expect(request.body).toMatchObject({ max_tokens: 1_000 });
    expect(fake.requests.map((request) => "thinking" in (request.body as object))).toEqual([false, false]);
  });
});

describe("Claude request size", () => {
  it("turns Anthropic's 413 request_too_large into a RequestTooLargeError that says what to remove", async () => {
    const small = await startFakeAnthropic({ maxRequestBytes: 20_000 });
    try {
      const error: unknown = await createClaudeClient({ apiKey: "test-key", baseURL: small.url, maxRetries: 0 })
        .complete({
          model: "claude-haiku-4-5",
          system: "",
          messages: [{ role: "user", content: [{ type: "text", text: "x".repeat(30_000) }] }],
          tools: [],
          maxOutputTokens: 100,
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RequestTooLargeError);
      // A ContextOverflowError, so the loop compacts on it.
      expect(error).toBeInstanceOf(ContextOverflowError);
      expect(error).toMatchObject({
        status: 413,
        message: expect.stringContaining(
          "The request to the model is larger than Anthropic's 32 MB limit — remove large images or files from the conversation",
        ),
      });
    } finally {
      await small.close();
    }
  });
});
