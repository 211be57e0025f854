import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeAnthropic } from "./anthropic";
import type { FakeModelServer, RequestView, Script } from "./model-script";
import { startFakeOpenAI } from "./openai";

/**
 * The fake model APIs, driven by the real SDKs: what a test script says is
 * what the SDK's own stream parsing, retry logic and error classes see.
 */

let anthropic: FakeModelServer;
let openai: FakeModelServer;

beforeAll(async () => {
  [anthropic, openai] = await Promise.all([startFakeAnthropic(), startFakeOpenAI()]);
});

afterAll(async () => {
  await Promise.all([anthropic?.close(), openai?.close()]);
});

beforeEach(() => {
  anthropic.reset();
  openai.reset();
});

// Not a real model name, so the SDK has no deprecation warning to print.
const ANTHROPIC_MODEL = "claude-test-model";
const OPENAI_MODEL = "gpt-4o";

function anthropicClient(options: { maxRetries?: number } = {}) {
  return new Anthropic({ apiKey: "test-anthropic-key", baseURL: anthropic.url, maxRetries: 2, ...options });
}

function openAIClient(options: { maxRetries?: number } = {}) {
  return new OpenAI({ apiKey: "test-openai-key", baseURL: openai.url, maxRetries: 2, ...options });
}

const readFileTool = {
  name: "read_file",
  description: "Read a file from the repository",
  input_schema: { type: "object" as const, properties: { path: { type: "string" } }, required: ["path"] },
};

const runTestsTool = {
  type: "function" as const,
  function: {
    name: "run_tests",
    description: "Run the test suite",
    parameters: { type: "object", properties: { pattern: { type: "string" }, watch: { type: "boolean" } } },
  },
};

describe("fake Anthropic Messages API", () => {
  it("streams a scripted tool round trip to MessageStream", async () => {
    let seen: RequestView | undefined;
    anthropic.scripts.add({
      name: "anthropic-round-trip",
      turns: [
        {
          text: "I will read the README first.",
          toolCalls: [{ name: "read_file", input: { path: "README.md" } }],
          usage: { inputTokens: 120, outputTokens: 30 },
        },
        (request) => {
          seen = request;
          return { text: `The README says: ${request.messages.at(-1)?.toolResults[0]?.content}` };
        },
      ],
    });
    const client = anthropicClient();
    const messages: Anthropic.MessageParam[] = [
      { role: "user", content: "[[script:anthropic-round-trip]] What does the README say?" },
    ];
    const params = { model: ANTHROPIC_MODEL, max_tokens: 1024, system: "You are a careful agent.", tools: [readFileTool] };

    const first = client.messages.stream({ ...params, messages });
    const deltas: string[] = [];
    first.on("text", (delta) => deltas.push(delta));
    const message = await first.finalMessage();

    expect(deltas).toEqual(["I will read ", "the README f", "irst."]);
    expect(message.id).toMatch(/^msg_/);
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage).toMatchObject({ input_tokens: 120, output_tokens: 30 });
    expect(message.content[0]).toMatchObject({ type: "text", text: "I will read the README first." });
    const toolUse = message.content[1];
    if (toolUse?.type !== "tool_use") throw new Error(`expected a tool_use block, got ${toolUse?.type}`);
    expect(toolUse).toMatchObject({ name: "read_file", input: { path: "README.md" } });
    expect(toolUse.id).toMatch(/^toolu_/);

    const second = await client.messages
      .stream({
        ...params,
        messages: [
          ...messages,
          {
            role: "assistant",
            content: [
              { type: "text", text: "I will read the README first." },
              { type: "tool_use", id: toolUse.id, name: toolUse.name, input: toolUse.input },
            ],
          },
          { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: "# Assembly Lime" }] },
        ],
      })
      .finalMessage();

    expect(second.content).toEqual([{ type: "text", text: "The README says: # Assembly Lime" }]);
    expect(second.stop_reason).toBe("end_turn");
    expect(seen).toEqual({
      provider: "anthropic",
      model: ANTHROPIC_MODEL,
      system: "You are a careful agent.",
      tools: ["read_file"],
      messages: [
        {
          role: "user",
          text: "[[script:anthropic-round-trip]] What does the README say?",
          images: 0,
          toolCalls: [],
          toolResults: [],
        },
        {
          role: "assistant",
          text: "I will read the README first.",
          images: 0,
          toolCalls: [{ id: toolUse.id, name: "read_file", input: { path: "README.md" } }],
          toolResults: [],
        },
        {
          role: "user",
          text: "",
          images: 0,
          toolCalls: [],
          toolResults: [{ toolCallId: toolUse.id, content: "# Assembly Lime", isError: false }],
        },
      ],
    });

    // The SDK (1.x) sends its API key as a bearer token; the record keeps the header but not the secret.
    expect(anthropic.requests).toHaveLength(2);
    expect(anthropic.requests[0]).toMatchObject({ provider: "anthropic", method: "POST", path: "/v1/messages" });
    expect(anthropic.requests[0]!.headers.authorization).toBe("<redacted>");
    expect(anthropic.requests[0]!.headers["anthropic-version"]).toBeTruthy();
    expect(anthropic.requests[0]!.body).toMatchObject({ stream: true, model: ANTHROPIC_MODEL });

    // The script has run out: the model says it is done.
    const third = await client.messages.create({ ...params, messages });
    expect(third.content).toEqual([{ type: "text", text: "Done." }]);
  });

  it("refuses an image whose base64 is over 5 MB, as Anthropic does (the limit is on the encoded data)", async () => {
    const image = (bytes: number) => ({
      type: "image" as const,
      source: { type: "base64" as const, media_type: "image/png" as const, data: Buffer.alloc(bytes, 1).toString("base64") },
    });
    const ask = (bytes: number) =>
      anthropicClient({ maxRetries: 0 }).messages.create({
        model: ANTHROPIC_MODEL,
        max_tokens: 100,
        messages: [{ role: "user", content: [image(bytes), { type: "text", text: "What is this? [[script:image-limit]]" }] }],
      });
    anthropic.scripts.add({ name: "image-limit", turns: [{ text: "A picture." }] });
    // 4 MB of image is ~5.3 MB of base64: refused, although under 5 MB raw.
    await expect(ask(4 * 1024 * 1024)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/image exceeds 5 MB maximum: 5592408 bytes > 5242880 bytes/),
    });
    await expect(ask(3_932_160)).resolves.toMatchObject({ type: "message" });
  });

  it("refuses a body over the size limit with Cloudflare's 413 request_too_large, before checking the key", async () => {
    const small = await startFakeAnthropic({ maxRequestBytes: 10_000 });
    try {
      const body = (text: string) =>
        JSON.stringify({ model: ANTHROPIC_MODEL, max_tokens: 10, messages: [{ role: "user", content: text }] });
      const response = await fetch(`${small.url}/v1/messages`, { method: "POST", body: body("x".repeat(10_001)) });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({
        type: "error",
        error: { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." },
      });
      const sdk = new Anthropic({ apiKey: "test-anthropic-key", baseURL: small.url, maxRetries: 2 });
      const ask = (text: string) =>
        sdk.messages.create({ model: ANTHROPIC_MODEL, max_tokens: 10, messages: [{ role: "user", content: text }] });
      // The SDK does not retry a 413: one request.
      const before = small.requests.length;
      await expect(ask("y".repeat(20_000))).rejects.toMatchObject({ status: 413, type: "request_too_large" });
      expect(small.requests.length - before).toBe(1);
      small.scripts.add({ name: "small-enough", turns: [{ text: "Fits." }] });
      await expect(ask("[[script:small-enough]] hi")).resolves.toMatchObject({ content: [{ type: "text", text: "Fits." }] });
    } finally {
      await small.close();
    }
  });

  it("answers without streaming, and shows block content, images and errors in the request view", async () => {
    let seen: RequestView | undefined;
    anthropic.scripts.add({
      name: "anthropic-blocks",
      turns: [
        (request) => {
          seen = request;
          return { text: "Looked.", toolCalls: [{ name: "read_file", input: { path: "a.png" } }] };
        },
      ],
    });
    const image = { type: "base64" as const, media_type: "image/png" as const, data: "iVBORw0KGgo=" };

    const message = await anthropicClient().messages.create({
      model: ANTHROPIC_MODEL,
      max_tokens: 256,
      system: [
        { type: "text", text: "Rule one." },
        { type: "text", text: "Rule two." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "[[script:anthropic-blocks:k1]] Look at this" },
            { type: "image", source: image },
          ],
        },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "read_file", input: { path: "x" } }] },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_1",
              is_error: true,
              content: [
                { type: "text", text: "ENOENT" },
                { type: "text", text: "no such file" },
              ],
            },
            { type: "text", text: "Try again" },
          ],
        },
      ],
    });

    expect(message.content[0]).toMatchObject({ type: "text", text: "Looked." });
    expect(message.content[1]).toMatchObject({ type: "tool_use", name: "read_file", input: { path: "a.png" } });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(seen?.system).toBe("Rule one.\nRule two.");
    expect(seen?.messages.map((entry) => [entry.role, entry.text, entry.images])).toEqual([
      ["user", "[[script:anthropic-blocks:k1]] Look at this", 1],
      ["assistant", "", 0],
      ["user", "Try again", 0],
    ]);
    expect(seen?.messages[2]?.toolResults).toEqual([{ toolCallId: "toolu_1", content: "ENOENT\nno such file", isError: true }]);
  });

  it("streams rawJson tool arguments verbatim, which MessageStream cannot parse", async () => {
    const invalid = '{"path": README.md}';
    const truncated = '{"path": "READ';
    anthropic.scripts.add({
      name: "anthropic-raw-json",
      turns: [
        { toolCalls: [{ name: "read_file", input: { rawJson: invalid } }], chunkSize: 5 },
        { toolCalls: [{ name: "read_file", input: { rawJson: invalid } }], chunkSize: 5 },
        { toolCalls: [{ name: "read_file", input: { rawJson: truncated } }] },
      ],
    });
    const client = anthropicClient();
    const params = {
      model: ANTHROPIC_MODEL,
      max_tokens: 256,
      tools: [readFileTool],
      messages: [{ role: "user" as const, content: "[[script:anthropic-raw-json]] go" }],
    };

    // On the wire, the input_json_delta pieces join up to the script's text exactly.
    const raw = await client.messages.create({ ...params, stream: true });
    let partialJson = "";
    for await (const event of raw) {
      if (event.type === "content_block_delta" && event.delta.type === "input_json_delta")
        partialJson += event.delta.partial_json;
    }
    expect(partialJson).toBe(invalid);

    // What we observe: MessageStream keeps the JSON text and parses it (with its partial-JSON
    // parser) when the tool_use block's content_block_stop arrives. Text that is not JSON, rather
    // than merely cut short, fails there with a SyntaxError, which the stream surfaces as an
    // AnthropicError (cause: the SyntaxError) from finalMessage().
    const error = await client.messages
      .stream(params)
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AnthropicError);
    expect((error as Error & { cause?: unknown }).cause).toBeInstanceOf(SyntaxError);

    // JSON that is only truncated is "repaired": the partial trailing string and its key are dropped.
    const repaired = await client.messages.stream(params).finalMessage();
    expect(repaired.content).toEqual([expect.objectContaining({ type: "tool_use", name: "read_file", input: {} })]);
  });
});

describe("fake OpenAI Chat Completions API", () => {
  it("streams text, a tool call and usage, then sees the tool result", async () => {
    let seen: RequestView | undefined;
    openai.scripts.add({
      name: "openai-round-trip",
      turns: [
        {
          text: "Running the tests now.",
          toolCalls: [{ name: "run_tests", input: { pattern: "src/**/*.test.ts", watch: false } }],
          usage: { inputTokens: 200, outputTokens: 40 },
        },
        (request) => {
          seen = request;
          return { text: `Tests: ${request.messages.at(-1)?.toolResults[0]?.content}` };
        },
      ],
    });
    const client = openAIClient();
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "system", content: "You are a careful agent." },
      { role: "user", content: "[[script:openai-round-trip]] Run the tests" },
    ];

    const stream = await client.chat.completions.create({
      model: OPENAI_MODEL,
      stream: true,
      stream_options: { include_usage: true },
      tools: [runTestsTool],
      messages,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const texts: string[] = [];
    const calls: Array<{ id: string; name: string; arguments: string }> = [];
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      chunks.push(chunk);
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) texts.push(choice.delta.content);
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: "", name: "", arguments: "" });
        call.id += delta.id ?? "";
        call.name += delta.function?.name ?? "";
        call.arguments += delta.function?.arguments ?? "";
      }
      finishReason = choice.finish_reason ?? finishReason;
    }

    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.id === chunks[0]!.id)).toBe(true);
    expect(chunks[0]!.id).toMatch(/^chatcmpl-/);
    expect(chunks[0]!.choices[0]?.delta.role).toBe("assistant");
    expect(texts).toEqual(["Running the ", "tests now."]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls[0]!.name).toBe("run_tests");
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ pattern: "src/**/*.test.ts", watch: false });
    expect(finishReason).toBe("tool_calls");
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 200, completion_tokens: 40, total_tokens: 240 });

    // The second turn, without streaming, after the tool ran.
    const completion = await client.chat.completions.create({
      model: OPENAI_MODEL,
      tools: [runTestsTool],
      messages: [
        ...messages,
        {
          role: "assistant",
          content: "Running the tests now.",
          tool_calls: [{ id: calls[0]!.id, type: "function", function: { name: "run_tests", arguments: calls[0]!.arguments } }],
        },
        { role: "tool", tool_call_id: calls[0]!.id, content: "12 passed" },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe("Tests: 12 passed");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(seen).toEqual({
      provider: "openai",
      model: OPENAI_MODEL,
      system: "You are a careful agent.",
      tools: ["run_tests"],
      messages: [
        { role: "user", text: "[[script:openai-round-trip]] Run the tests", images: 0, toolCalls: [], toolResults: [] },
        {
          role: "assistant",
          text: "Running the tests now.",
          images: 0,
          toolCalls: [{ id: calls[0]!.id, name: "run_tests", input: { pattern: "src/**/*.test.ts", watch: false } }],
          toolResults: [],
        },
        {
          role: "user",
          text: "",
          images: 0,
          toolCalls: [],
          toolResults: [{ toolCallId: calls[0]!.id, content: "12 passed", isError: false }],
        },
      ],
    });
    expect(openai.requests.map((request) => request.headers.authorization)).toEqual(["<redacted>", "<redacted>"]);
  });

  it("answers without streaming, with tool calls, usage and image parts counted", async () => {
    let seen: RequestView | undefined;
    openai.scripts.add({
      name: "openai-plain",
      turns: [
        (request) => {
          seen = request;
          return { toolCalls: [{ name: "run_tests", input: { pattern: "a" } }], usage: { inputTokens: 7, outputTokens: 3 } };
        },
      ],
    });
    const completion = await openAIClient().chat.completions.create({
      model: OPENAI_MODEL,
      tools: [runTestsTool],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "[[script:openai-plain]] What is in" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "text", text: "this picture?" },
          ],
        },
      ],
    });

    expect(completion.object).toBe("chat.completion");
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe("run_tests");
    expect(JSON.parse(call.function.arguments)).toEqual({ pattern: "a" });
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(seen?.messages).toEqual([
      { role: "user", text: "[[script:openai-plain]] What is in\nthis picture?", images: 1, toolCalls: [], toolResults: [] },
    ]);
  });

  it("sends rawJson tool arguments as the raw invalid text, streaming or not", async () => {
    const invalid = '{"pattern": "src/**';
    openai.scripts.add({
      name: "openai-raw-json",
      turns: [
        { toolCalls: [{ name: "run_tests", input: { rawJson: invalid } }], chunkSize: 4 },
        { toolCalls: [{ name: "run_tests", input: { rawJson: invalid } }] },
      ],
    });
    const client = openAIClient();
    const params = {
      model: OPENAI_MODEL,
      tools: [runTestsTool],
      messages: [{ role: "user" as const, content: "[[script:openai-raw-json]] test" }],
    };

    const stream = await client.chat.completions.create({ ...params, stream: true });
    let streamed = "";
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) streamed += delta.function?.arguments ?? "";
    }
    expect(streamed).toBe(invalid);
    expect(() => JSON.parse(streamed)).toThrow(SyntaxError);

    const completion = await client.chat.completions.create(params);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.arguments).toBe(invalid);
  });

  it("lists models", async () => {
    const client = openAIClient();
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain(OPENAI_MODEL);
    expect((await client.models.retrieve(OPENAI_MODEL)).object).toBe("model");
    await expect(client.models.retrieve("no-such-model")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("fake OpenAI Responses API", () => {
  it("streams output items as the real API: reasoning, message text, function call arguments, then usage", async () => {
    openai.scripts.add({
      name: "responses-events",
      turns: [{ text: "Reading.", toolCalls: [{ name: "read_file", input: { path: "a.ts" } }], chunkSize: 4 }],
    });
    const stream = await openAIClient().responses.create({
      model: "gpt-5-codex",
      input: "[[script:responses-events]] go",
      tools: [{ type: "function", name: "read_file", parameters: readFileTool.input_schema, strict: false }],
      store: false,
      include: ["reasoning.encrypted_content"],
      stream: true,
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = [...new Set(events.map((event) => event.type))];
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.output_item.done",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.completed",
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const done = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(done.response.output.map((item) => item.type)).toEqual(["reasoning", "message", "function_call"]);
    expect(done.response.output[0]).toMatchObject({ type: "reasoning", encrypted_content: expect.stringMatching(/^gAAAAA/) });
    expect(done.response.usage).toMatchObject({
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    const args = events.flatMap((event) => (event.type === "response.function_call_arguments.delta" ? [event.delta] : []));
    expect(args.join("")).toBe('{"path":"a.ts"}');
  });

  it("refuses a replayed reasoning item without its encrypted content when nothing is stored", async () => {
    const request = openAIClient({ maxRetries: 0 }).responses.create({
      model: "gpt-5-codex",
      input: [
        { role: "user", content: "hi" },
        { type: "reasoning", id: "rs_unknown", summary: [] },
        { role: "assistant", content: "hello" },
      ],
      store: false,
      stream: true,
    });
    await expect(request).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/Items are not persisted/) });
  });

  it("refuses Codex models on Chat Completions, and an empty tools list", async () => {
    const client = openAIClient({ maxRetries: 0 });
    const messages = [{ role: "user" as const, content: "hi" }];
    await expect(client.chat.completions.create({ model: "gpt-5.1-codex", messages })).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/only supported in v1\/responses and not in v1\/chat\/completions/),
    });
    await expect(client.chat.completions.create({ model: OPENAI_MODEL, messages, tools: [] })).rejects.toMatchObject({
      status: 400,
      code: "empty_array",
    });
  });
});

// ---------------------------------------------------------------------------
// Behaviour both fakes share, through each SDK
// ---------------------------------------------------------------------------

type Message = { role: "user" | "assistant"; content: string };
type StreamOptions = { maxRetries?: number; signal?: AbortSignal; onText?: (delta: string) => void };

type Driver = {
  provider: "anthropic" | "openai";
  fake: () => FakeModelServer;
  /** Streams one completion through the SDK's streaming API and returns its text. */
  stream(messages: Message[], options?: StreamOptions): Promise<string>;
  /** A request without credentials. */
  unauthenticated(): Promise<unknown>;
  /** SSE events the fake sends before the first text delta. */
  eventsBeforeText: number;
  APIError: abstract new (...args: never[]) => Error;
  AuthenticationError: abstract new (...args: never[]) => Error;
  BadRequestError: abstract new (...args: never[]) => Error;
  InternalServerError: abstract new (...args: never[]) => Error;
};

const drivers: Driver[] = [
  {
    provider: "anthropic",
    fake: () => anthropic,
    async stream(messages, { onText, ...options } = {}) {
      const stream = anthropicClient(options).messages.stream(
        { model: ANTHROPIC_MODEL, max_tokens: 512, messages },
        { signal: options.signal },
      );
      let text = "";
      for await (const event of stream) {
        if (event.type === "content_block_delta" && event.delta.type === "text_delta") {
          text += event.delta.text;
          onText?.(event.delta.text);
        }
      }
      return text;
    },
    unauthenticated: () =>
      new Anthropic({ apiKey: "unused", baseURL: anthropic.url, defaultHeaders: { Authorization: null } }).messages.create({
        model: ANTHROPIC_MODEL,
        max_tokens: 16,
        messages: [{ role: "user", content: "hello" }],
      }),
    // message_start, content_block_start, ping
    eventsBeforeText: 3,
    APIError: Anthropic.APIError,
    AuthenticationError: Anthropic.AuthenticationError,
    BadRequestError: Anthropic.BadRequestError,
    InternalServerError: Anthropic.InternalServerError,
  },
  {
    provider: "openai",
    fake: () => openai,
    async stream(messages, { onText, ...options } = {}) {
      const stream = await openAIClient(options).chat.completions.create(
        { model: OPENAI_MODEL, stream: true, stream_options: { include_usage: true }, messages },
        { signal: options.signal },
      );
      let text = "";
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.content;
        if (delta) {
          text += delta;
          onText?.(delta);
        }
      }
      return text;
    },
    unauthenticated: () =>
      new OpenAI({ apiKey: "unused", baseURL: openai.url, defaultHeaders: { Authorization: null } }).chat.completions.create({
        model: OPENAI_MODEL,
        messages: [{ role: "user", content: "hello" }],
      }),
    // the first chunk, which carries only the role
    eventsBeforeText: 1,
    APIError: OpenAI.APIError,
    AuthenticationError: OpenAI.AuthenticationError,
    BadRequestError: OpenAI.BadRequestError,
    InternalServerError: OpenAI.InternalServerError,
  },
];

describe.each(drivers)("$provider through its SDK", (driver) => {
  const script = (name: string, turns: Script["turns"]) => {
    const fullName = `${driver.provider}-${name}`;
    driver.fake().scripts.add({ name: fullName, turns });
    return (text: string): Message[] => [{ role: "user", content: `[[script:${fullName}]] ${text}` }];
  };

  it("retries a 429 after its retry-after and then succeeds", async () => {
    const prompt = script("rate-limited", [
      { text: "Made it.", fault: { kind: "http", status: 429, retryAfterSeconds: 0.05, times: 1 } },
    ]);
    const started = Date.now();

    expect(await driver.stream(prompt("hello"))).toBe("Made it.");

    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const requests = driver.fake().requests;
    expect(requests).toHaveLength(2);
    expect(requests.map((request) => request.headers["x-stainless-retry-count"])).toEqual(["0", "1"]);
  });

  it("surfaces a persistent 500 as the SDK's APIError once retries run out", async () => {
    const prompt = script("server-error", [
      { text: "Never.", fault: { kind: "http", status: 500, retryAfterSeconds: 0.01, times: 5 } },
    ]);

    const error = await driver.stream(prompt("hello"), { maxRetries: 1 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(driver.APIError);
    expect(error).toBeInstanceOf(driver.InternalServerError);
    expect((error as { status?: number }).status).toBe(500);
    expect(driver.fake().requests).toHaveLength(2);
  });

  it("cuts a stream mid-way; the turn is served again in full on the next request", async () => {
    const text = "One two three four five six seven.";
    const prompt = script("cut", [
      { text, chunkSize: 4, fault: { kind: "cut", afterChunks: driver.eventsBeforeText + 2, times: 1 } },
    ]);

    const received: string[] = [];
    await expect(driver.stream(prompt("hello"), { onText: (delta) => received.push(delta) })).rejects.toThrow();
    expect(received).toEqual(["One ", "two "]);

    // The cut response did not count as served: the same turn comes again, whole.
    expect(await driver.stream(prompt("hello"))).toBe(text);
    expect(await driver.stream(prompt("hello"))).toBe("Done.");
  });

  it("does not advance the turn when the client cancels mid-stream", async () => {
    const text = "A slow answer, sent a few characters at a time.";
    const prompt = script("cancel", [{ text, chunkSize: 5, chunkDelayMs: 20 }, { text: "Next turn." }]);
    const controller = new AbortController();

    const partial = await driver
      .stream(prompt("hello"), { signal: controller.signal, onText: () => controller.abort() })
      .catch((caught: unknown) => caught);
    expect(partial).not.toBe(text);

    expect(await driver.stream(prompt("hello"))).toBe(text);
    expect(await driver.stream(prompt("hello"))).toBe("Next turn.");
  });

  it("answers 401 without credentials", async () => {
    const error = await driver.unauthenticated().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(driver.AuthenticationError);
    expect((error as { status?: number }).status).toBe(401);
    const [request] = driver.fake().requests;
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers["x-api-key"]).toBeUndefined();
  });

  it("rejects a request without a script marker unless a default script is registered", async () => {
    const messages: Message[] = [{ role: "user", content: "No marker here" }];

    const error = await driver.stream(messages).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(driver.BadRequestError);
    expect((error as Error).message).toContain("no [[script:NAME]] marker");

    driver.fake().scripts.add({ name: "default", turns: [{ text: "Default script." }] });
    try {
      expect(await driver.stream(messages)).toBe("Default script.");
      expect(await driver.stream(messages)).toBe("Done.");
      // Another first message is another conversation.
      expect(await driver.stream([{ role: "user", content: "Something else" }])).toBe("Default script.");
    } finally {
      driver.fake().scripts.remove("default");
    }
  });

  it("answers a compaction request with a summary without using up a turn", async () => {
    const prompt = script("compaction", [{ text: "First turn." }, { text: "Second turn." }]);
    const opening = prompt("Build the feature");
    const history: Message[] = [...opening, { role: "assistant", content: "First turn." }];
    const request = `Summarise the conversation. ${"x".repeat(300)}`;

    expect(await driver.stream(opening)).toBe("First turn.");
    const summary = await driver.stream([...history, { role: "user", content: `<compaction-request>\n${request}` }]);
    expect(summary).toBe(`Summary of earlier work: ${request.slice(0, 200)}`);
    expect(await driver.stream([...history, { role: "user", content: "Carry on" }])).toBe("Second turn.");
  });

  it("keeps conversations with different keys apart", async () => {
    script("keyed", [{ text: "One." }, { text: "Two." }]);
    const conversation = (key: string): Message[] => [{ role: "user", content: `[[script:${driver.provider}-keyed:${key}]] go` }];

    expect(await driver.stream(conversation("a"))).toBe("One.");
    expect(await driver.stream(conversation("a"))).toBe("Two.");
    expect(await driver.stream(conversation("b"))).toBe("One.");
  });
});
