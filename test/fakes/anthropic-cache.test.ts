import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic, type FakeAnthropic } from "./anthropic";
import { CACHE_TTL_MS } from "./anthropic-cache";

let fake: FakeAnthropic;
let clock = Date.now();

beforeAll(async () => {
  fake = await startFakeAnthropic({ now: () => clock, contextTokens: 20_000 });
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => {
  fake.reset();
  clock = Date.now();
});

const client = () => new Anthropic({ apiKey: "test-key", baseURL: fake.url, maxRetries: 0 });
const ephemeral = { type: "ephemeral" as const };
/** About 1,500 tokens at four characters a token: over Sonnet's 1,024 minimum, under Haiku's 2,048. */
const LONG_SYSTEM = "You are a careful engineer. ".repeat(220);

function request(model: string, messages: Anthropic.MessageParam[], system: Anthropic.TextBlockParam[]) {
  return client().messages.create({ model, max_tokens: 256, system, messages });
}

describe("fake Anthropic prompt caching", () => {
  it("writes a prefix at a breakpoint and reads it on the next call, which moved its breakpoint on", async () => {
    fake.scripts.add({ name: "cache-two-turns", turns: [{ text: "First." }, { text: "Second." }] });
    const system = [{ type: "text" as const, text: LONG_SYSTEM, cache_control: ephemeral }];
    const first: Anthropic.MessageParam = {
      role: "user",
      content: [{ type: "text", text: "[[script:cache-two-turns]] hello", cache_control: ephemeral }],
    };

    const one = await request("claude-sonnet-4-6", [first], system);
    expect(one.usage.cache_read_input_tokens).toBe(0);
    expect(one.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(one.usage.input_tokens).toBe(0);

    const two = await request(
      "claude-sonnet-4-6",
      [
        { role: "user", content: [{ type: "text", text: "[[script:cache-two-turns]] hello" }] },
        { role: "assistant", content: "First." },
        { role: "user", content: [{ type: "text", text: "and then?", cache_control: ephemeral }] },
      ],
      system,
    );
    // The whole first prompt is read back; only the new turns are written.
    expect(two.usage.cache_read_input_tokens).toBe(one.usage.cache_creation_input_tokens);
    expect(two.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(two.usage.cache_creation_input_tokens).toBeLessThan(20);
  });

  it("caches nothing below the model's minimum length, and nothing without breakpoints", async () => {
    fake.scripts.add({ name: "cache-short", turns: [{ text: "a" }, { text: "b" }, { text: "c" }] });
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "[[script:cache-short]] hi" }];
    const haikuSystem = [{ type: "text" as const, text: LONG_SYSTEM, cache_control: ephemeral }];

    const haiku = await request("claude-haiku-4-5", messages, haikuSystem);
    const haikuAgain = await request("claude-haiku-4-5", messages, haikuSystem);
    const plain = await request("claude-sonnet-4-6", messages, [{ type: "text", text: LONG_SYSTEM }]);

    for (const usage of [haiku.usage, haikuAgain.usage, plain.usage]) {
      expect(usage.cache_creation_input_tokens).toBe(0);
      expect(usage.cache_read_input_tokens).toBe(0);
      expect(usage.input_tokens).toBeGreaterThan(1024);
    }
  });

  it("lets an entry expire five minutes after its last read", async () => {
    fake.scripts.add({ name: "cache-ttl", turns: [{ text: "a" }, { text: "b" }, { text: "c" }] });
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "[[script:cache-ttl]] hi" }];
    const system = [{ type: "text" as const, text: LONG_SYSTEM, cache_control: ephemeral }];

    const written = await request("claude-sonnet-4-6", messages, system);
    clock += CACHE_TTL_MS - 1_000;
    const read = await request("claude-sonnet-4-6", messages, system);
    clock += CACHE_TTL_MS - 1_000;
    const readAgain = await request("claude-sonnet-4-6", messages, system);
    clock += CACHE_TTL_MS + 1;
    const expired = await request("claude-sonnet-4-6", messages, system);

    expect(read.usage.cache_read_input_tokens).toBe(written.usage.cache_creation_input_tokens);
    expect(readAgain.usage.cache_read_input_tokens).toBe(written.usage.cache_creation_input_tokens);
    expect(expired.usage.cache_read_input_tokens).toBe(0);
    expect(expired.usage.cache_creation_input_tokens).toBe(written.usage.cache_creation_input_tokens);
  });

  it("refuses more than four breakpoints", async () => {
    const system = Array.from({ length: 5 }, (_, index) => ({
      type: "text" as const,
      text: `part ${index}`,
      cache_control: ephemeral,
    }));
    const error = await request("claude-sonnet-4-6", [{ role: "user", content: "hi" }], system).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toContain("A maximum of 4 blocks with cache_control");
  });

  it("refuses a prompt over the context window as the API does", async () => {
    const error = await request("claude-sonnet-4-6", [{ role: "user", content: "x".repeat(90_000) }], []).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as Error).message).toMatch(/prompt is too long: \d+ tokens > 20000 maximum/);
  });
});

describe("fake Anthropic stop reasons and stream errors", () => {
  const stream = (marker: string) =>
    client()
      .messages.stream({
        model: "claude-sonnet-4-6",
        max_tokens: 256,
        messages: [{ role: "user", content: `[[script:${marker}]] go` }],
      })
      .finalMessage();

  it("sends an overloaded_error event mid-stream, which the SDK throws as an APIError without a status", async () => {
    fake.scripts.add({
      name: "mid-stream-overload",
      turns: [
        {
          text: "Partial answer that never ends",
          fault: { kind: "stream-error", errorType: "overloaded_error", afterChunks: 4, times: 1 },
        },
      ],
    });

    const error = await stream("mid-stream-overload").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status: undefined, type: "overloaded_error" });

    // The turn was not served: the retry gets it whole.
    expect((await stream("mid-stream-overload")).content).toMatchObject([
      { type: "text", text: "Partial answer that never ends" },
    ]);
  });

  it("sends refusal, pause_turn and an empty end_turn as scripted", async () => {
    fake.scripts.add({ name: "refuse", turns: [{ text: "I can't help with that.", stopReason: "refusal" }] });
    fake.scripts.add({ name: "pause", turns: [{ text: "Still searching…", stopReason: "pause_turn" }] });
    fake.scripts.add({ name: "empty", turns: [{ empty: true }] });

    expect(await stream("refuse")).toMatchObject({ stop_reason: "refusal" });
    expect(await stream("pause")).toMatchObject({
      stop_reason: "pause_turn",
      content: [{ type: "text", text: "Still searching…" }],
    });
    expect(await stream("empty")).toMatchObject({ stop_reason: "end_turn", content: [] });
  });

  it("cuts a tool call's JSON when the output limit is reached inside it", async () => {
    fake.scripts.add({
      name: "cut-tool",
      turns: [
        { toolCalls: [{ name: "write_file", input: { path: "big.ts", content: "x".repeat(200) } }], stopReason: "max_tokens" },
      ],
    });
    const events: string[] = [];
    const sdkStream = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      messages: [{ role: "user", content: "[[script:cut-tool]] go" }],
      stream: true,
    });
    let json = "";
    for await (const event of sdkStream) {
      events.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta") json += event.delta.partial_json;
      if (event.type === "message_delta") expect(event.delta.stop_reason).toBe("max_tokens");
    }

    expect(events).toContain("message_stop");
    expect(json.startsWith('{"path":"big.ts"')).toBe(true);
    expect(() => JSON.parse(json) as unknown).toThrow();
  });
});
