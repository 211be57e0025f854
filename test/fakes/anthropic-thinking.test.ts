import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "./anthropic";

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

const client = () => new Anthropic({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 });
const MODEL = "claude-sonnet-4-6";
const thinking = { type: "enabled" as const, budget_tokens: 2_000 };
const tools: Anthropic.Tool[] = [
  { name: "read_file", description: "Read a file.", input_schema: { type: "object", properties: { path: { type: "string" } } } },
];

/** A first turn with thinking that calls a tool; answers the streamed events and the assembled message. */
async function thinkAndCall(script: string) {
  fake.scripts.add({
    name: script,
    turns: [
      {
        thinking: "The README says where to start.",
        redactedThinking: true,
        toolCalls: [{ name: "read_file", input: { path: "README.md" } }],
      },
      { text: "Read it." },
    ],
  });
  const user: Anthropic.MessageParam = { role: "user", content: `[[script:${script}]] look` };
  const stream = client().messages.stream({ model: MODEL, max_tokens: 4_000, thinking, tools, messages: [user] });
  const events: Anthropic.RawMessageStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return { user, events, message: await stream.finalMessage() };
}

describe("fake Anthropic extended thinking", () => {
  it("streams a signed thinking block first, as thinking_delta then signature_delta, and a redacted_thinking block", async () => {
    const { events, message } = await thinkAndCall("think-stream");
    const deltas = events.flatMap((event) => (event.type === "content_block_delta" ? [event.delta.type] : []));
    expect(deltas.slice(0, deltas.indexOf("signature_delta") + 1).every((type) => type !== "input_json_delta")).toBe(true);
    expect(deltas).toContain("thinking_delta");
    expect(deltas.filter((type) => type === "signature_delta")).toHaveLength(1);
    expect(message.content.map((block) => block.type)).toEqual(["thinking", "redacted_thinking", "tool_use"]);
    expect(message.content[0]).toMatchObject({ thinking: "The README says where to start.", signature: expect.any(String) });
  });

  it("takes the tool results when the thinking blocks come back unchanged, and refuses them without, or edited", async () => {
    const { user, message } = await thinkAndCall("think-tools");
    const toolUse = message.content.find((block) => block.type === "tool_use")!;
    const results: Anthropic.MessageParam = {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: toolUse.id, content: "# Project" }],
    };
    const send = (assistant: Anthropic.ContentBlockParam[]) =>
      client().messages.create({
        model: MODEL,
        max_tokens: 4_000,
        thinking,
        tools,
        messages: [user, { role: "assistant", content: assistant }, results],
      });

    await expect(send(message.content.filter((block) => block.type === "tool_use"))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(
        "messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block",
      ),
    });
    const [thought, ...rest] = message.content as Anthropic.ContentBlockParam[];
    await expect(
      send([{ ...(thought as Anthropic.ThinkingBlockParam), thinking: "Something else." }, ...rest]),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Invalid `signature` in `thinking` block"),
    });
    const answered = await send(message.content as Anthropic.ContentBlockParam[]);
    expect(answered.content.map((block) => block.type)).toEqual(["thinking", "text"]);
  });

  it("refuses a thinking budget under 1,024 or not below max_tokens, and a temperature other than 1", async () => {
    fake.scripts.add({ name: "think-plain", turns: Array.from({ length: 5 }, () => ({ text: "Hello." })) });
    const hi: Anthropic.MessageParam[] = [{ role: "user", content: "[[script:think-plain]] hi" }];
    // This SDK's types leave `temperature` out; the API takes it, so it goes in as a plain field.
    const temperature = (value: number) => ({ temperature: value }) as object;
    const ask = (body: Partial<Anthropic.MessageCreateParamsNonStreaming>) =>
      client().messages.create({
        model: MODEL,
        max_tokens: 4_000,
        messages: hi,
        thinking,
        ...body,
      });
    await expect(ask({ thinking: { type: "enabled", budget_tokens: 512 } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("budget_tokens: Input should be greater than or equal to 1024"),
    });
    await expect(ask({ max_tokens: 2_000 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("`max_tokens` must be greater than `thinking.budget_tokens`"),
    });
    await expect(ask(temperature(0.2))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("`temperature` may only be set to 1 when thinking is enabled"),
    });
    await expect(ask(temperature(1))).resolves.toMatchObject({ type: "message" });
    // Without thinking nothing changes: no thinking block, any temperature.
    const plain = await client().messages.create({
      model: MODEL,
      max_tokens: 100,
      ...temperature(0.2),
      messages: hi,
    });
    expect(plain.content.map((block) => block.type)).toEqual(["text"]);
  });
});
