import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSdkTypeContract } from "../helpers/sdk-type-contract";
import { startFakeAnthropic } from "./anthropic";
import type { FakeModelServer } from "./model-script";
import { startFakeOpenAI } from "./openai";

// The model fakes are contracts with the providers: every event and message they stream is checked
// against the type the provider's own SDK declares for it (the SDKs are generated from the providers'
// API descriptions; neither package ships the description itself). A fake that invents a field, drops
// a required one or changes a type fails here.

const contract = createSdkTypeContract({
  AnthropicStreamEvent: `import("@anthropic-ai/sdk/resources/messages").RawMessageStreamEvent`,
  AnthropicMessage: `import("@anthropic-ai/sdk/resources/messages").Message`,
  ChatCompletionChunk: `import("openai/resources/chat/completions").ChatCompletionChunk`,
  ChatCompletion: `import("openai/resources/chat/completions").ChatCompletion`,
  ResponseStreamEvent: `import("openai/resources/responses/responses").ResponseStreamEvent`,
  Response: `import("openai/resources/responses/responses").Response`,
});

let anthropic: FakeModelServer;
let openai: FakeModelServer;

beforeAll(async () => {
  [anthropic, openai] = await Promise.all([startFakeAnthropic(), startFakeOpenAI()]);
});

afterAll(async () => {
  await Promise.all([anthropic?.close(), openai?.close()]);
});

const readFile = {
  name: "read_file",
  description: "Read a file.",
  input_schema: { type: "object" as const, properties: { path: { type: "string" } }, required: ["path"] },
};

/**
 * Differences accepted on purpose, each with its reason. `output_text` (Responses) and `parsed_output`
 * (MessageStream's final message) are computed by the SDKs, never sent. The Responses API sends
 * `usage: null` until the response completes and echoes `store`, neither of which openai's types declare.
 */
const KNOWN = [
  /\.output_text is missing$/,
  /^\(root\)\.parsed_output is not declared$/,
  /\.usage is none of ResponseUsage \| undefined \(\(root\)(\.response)?\.usage should be absent\)$/,
  /\.store is not declared$/,
];

/** "name: errors" for every checked value that does not keep to its type, the first few errors each. */
function failures(checked: Array<{ name: string; errors: string[] }>) {
  return checked
    .map((entry) => ({ ...entry, errors: entry.errors.filter((error) => !KNOWN.some((known) => known.test(error))) }))
    .filter((entry) => entry.errors.length).map((entry) => `${entry.name}: ${entry.errors.slice(0, 3).join("; ")}`);
}

describe("the model fakes against the providers' SDK types", () => {
  it("streams Anthropic Messages events and messages as @anthropic-ai/sdk declares them: text, tool use, thinking", async () => {
    anthropic.scripts.add({
      name: "contract-anthropic",
      turns: [
        {
          thinking: "Read first.",
          redactedThinking: true,
          text: "Reading.",
          toolCalls: [{ name: "read_file", input: { path: "a.ts" } }],
        },
      ],
    });
    anthropic.scripts.add({ name: "contract-anthropic-plain", turns: [{ text: "Done." }, { text: "Again." }] });
    const client = new Anthropic({ apiKey: "test", baseURL: anthropic.url, maxRetries: 0 });
    const checked: Array<{ name: string; errors: string[] }> = [];
    const stream = client.messages.stream({
      model: "claude-sonnet-4-6",
      max_tokens: 4_000,
      thinking: { type: "enabled", budget_tokens: 2_000 },
      tools: [readFile],
      messages: [{ role: "user", content: "[[script:contract-anthropic]] go" }],
    });
    const types = new Set<string>();
    for await (const event of stream) {
      types.add(event.type === "content_block_delta" ? `${event.type}:${event.delta.type}` : event.type);
      checked.push({ name: event.type, errors: contract.check("AnthropicStreamEvent", event) });
    }
    checked.push({ name: "streamed message", errors: contract.check("AnthropicMessage", await stream.finalMessage()) });
    const plain = await client.messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 100,
      messages: [{ role: "user", content: "[[script:contract-anthropic-plain]] go" }],
    });
    checked.push({ name: "message", errors: contract.check("AnthropicMessage", plain) });
    expect([...types]).toEqual(
      expect.arrayContaining([
        "message_start",
        "content_block_start",
        "content_block_delta:thinking_delta",
        "content_block_delta:signature_delta",
        "content_block_delta:text_delta",
        "content_block_delta:input_json_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ]),
    );
    expect(failures(checked)).toEqual([]);
  });

  it("streams Chat Completions chunks and completions as openai declares them", async () => {
    openai.scripts.add({
      name: "contract-chat",
      turns: [{ text: "Reading.", toolCalls: [{ name: "read_file", input: { path: "a.ts" } }] }, { text: "Done." }],
    });
    const client = new OpenAI({ apiKey: "test", baseURL: openai.url, maxRetries: 0 });
    const tools = [{ type: "function" as const, function: { name: "read_file", parameters: readFile.input_schema } }];
    const checked: Array<{ name: string; errors: string[] }> = [];
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "[[script:contract-chat]] go" }],
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      checked.push({ name: `chunk ${chunks}`, errors: contract.check("ChatCompletionChunk", chunk) });
    }
    expect(chunks).toBeGreaterThan(2);
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "[[script:contract-chat]] go" }],
      tools,
    });
    checked.push({ name: "completion", errors: contract.check("ChatCompletion", completion) });
    expect(failures(checked)).toEqual([]);
  });

  it("streams Responses events and responses as openai declares them: reasoning, text, function calls", async () => {
    openai.scripts.add({
      name: "contract-responses",
      turns: [{ text: "Reading.", toolCalls: [{ name: "read_file", input: { path: "a.ts" } }] }],
    });
    const client = new OpenAI({ apiKey: "test", baseURL: openai.url, maxRetries: 0 });
    const tools = [{ type: "function" as const, name: "read_file", parameters: readFile.input_schema, strict: false }];
    const checked: Array<{ name: string; errors: string[] }> = [];
    const stream = await client.responses.create({
      model: "gpt-5-codex",
      input: "[[script:contract-responses]] go",
      tools,
      store: false,
      include: ["reasoning.encrypted_content"],
      stream: true,
    });
    const types = new Set<string>();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) {
      types.add(event.type);
      events.push(event);
      checked.push({ name: event.type, errors: contract.check("ResponseStreamEvent", event) });
    }
    expect(types).toContain("response.function_call_arguments.done");
    expect(types).toContain("response.completed");
    // The completed event carries the whole Response: it is checked as one too.
    const completed = events.find((event) => event.type === "response.completed");
    checked.push({ name: "response", errors: contract.check("Response", (completed as { response: unknown }).response) });
    expect(failures(checked)).toEqual([]);
  });
});
