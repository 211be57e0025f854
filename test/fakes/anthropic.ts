import type http from "node:http";
import { PromptCache, type CacheUsage } from "./anthropic-cache";
import { redactedThinkingData, signThinking, thinkingEnabled, thinkingProblem } from "./anthropic-thinking";
import {
  appendText,
  asArray,
  asRecord,
  asString,
  chunkText,
  emptyView,
  estimateTokens,
  parseJsonOrRaw,
  randomId,
  sendJson,
  sendTruncatedJson,
  SseWriter,
  startModelServer,
  textOfContent,
  viewMessage,
  type Exchange,
  type FakeModelOptions,
  type FakeModelServer,
  type RequestView,
  type ResolvedTurn,
  type TurnPlan,
} from "./model-script";

/**
 * A local Anthropic Messages API (`POST /v1/messages`, streaming and not, and
 * `GET /v1/models`) that answers with scripted turns (see ./model-script.ts).
 * Pass `url` as the SDK's `baseURL`; the SDK appends `/v1/messages`.
 *
 * Wire format as documented for the real API: SSE frames `event: NAME\ndata: JSON\n\n`
 * in the order message_start, content_block_start, ping, content_block_delta…,
 * content_block_stop (text block first, then one tool_use block per call),
 * message_delta, message_stop; errors as `{"type":"error","error":{type,message}}`, and
 * mid-stream as an `event: error` frame. Prompt caching as ./anthropic-cache.ts describes,
 * extended thinking as ./anthropic-thinking.ts does (a thinking block opens the message);
 * a prompt over the context window is refused with the API's "prompt is too long" 400,
 * and a body over 32 MB with the 413 `request_too_large` that Cloudflare sends before the API.
 */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const cache = new PromptCache(options.now);
  const contextTokens = options.contextTokens ?? 200_000;
  const maxRequestBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const server = await startModelServer(
    {
      provider: "anthropic",
      basePath: "",
      viewOf: anthropicRequestView,
      route: (exchange) => route(exchange, cache, contextTokens, maxRequestBytes),
      internalError: (res, message) => sendError(res, 500, `Fake Anthropic failed: ${message}`),
    },
    options,
  );
  return {
    ...server,
    cache,
    reset() {
      server.reset();
      cache.clear();
    },
  };
}

export type FakeAnthropicOptions = FakeModelOptions & {
  /** The clock the cache's TTL runs on (default Date.now), so a test can let entries expire. */
  now?: () => number;
  /** The context window every model has here (default 200k), so a test can overflow it cheaply. */
  contextTokens?: number;
  /** The largest body accepted (default the Messages API's 32 MB), so a test can exceed it cheaply. */
  maxRequestBytes?: number;
};

/** The Messages API's request size limit. */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

export type FakeAnthropic = FakeModelServer & { cache: PromptCache };

const FAKE_ANTHROPIC_MODELS = ["claude-sonnet-4-6", "claude-haiku-4-5", "claude-opus-4-7"];

async function route(exchange: Exchange, cache: PromptCache, contextTokens: number, maxRequestBytes: number) {
  const { req, res, method, path, body } = exchange;
  // Cloudflare refuses an oversized body before the API sees it: no auth check, no request id.
  if (Buffer.byteLength(exchange.rawBody) > maxRequestBytes) return sendRequestTooLarge(res);
  const known = (method === "POST" && path === "/v1/messages") || (method === "GET" && path === "/v1/models");
  if (!known) return sendError(res, 404, `Not found: ${method} ${path}`);
  if (!authenticated(req)) return sendError(res, 401, "x-api-key header is required");
  if (method === "GET") return sendJson(res, 200, modelList(), requestIdHeader());

  const record = asRecord(body);
  if (!record) return sendError(res, 400, "Request body must be a JSON object.");
  const problem = validate(record) ?? thinkingProblem(record) ?? PromptCache.problem(record);
  if (problem) return sendError(res, 400, problem);

  const promptTokens = PromptCache.promptTokens(record);
  if (promptTokens > contextTokens)
    return sendError(res, 400, `prompt is too long: ${promptTokens} tokens > ${contextTokens} maximum`);

  const plan = exchange.runner.plan(exchange.view, exchange.rawBody.length);
  // A scripted usage is reported as scripted; otherwise the cache decides how the input splits.
  const usage = plan.kind === "serve" && !plan.turn.usageScripted ? cache.account(record, asString(record.model)) : undefined;
  await answer(res, plan, asString(record.model), record.stream === true, usage, thinkingEnabled(record));
}

/**
 * The real SDK (1.x) sends its `apiKey` as `Authorization: Bearer …`, while raw
 * API callers send `x-api-key`; the fake accepts either, and answers 401 without both.
 */
function authenticated(req: http.IncomingMessage): boolean {
  const apiKey = req.headers["x-api-key"];
  if (typeof apiKey === "string" && apiKey.trim()) return true;
  return /^Bearer \S+/i.test(req.headers.authorization ?? "");
}

function validate(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== "string" || !body.model) return "model: Field required";
  if (typeof body.max_tokens !== "number") return "max_tokens: Field required";
  if (!Array.isArray(body.messages)) return "messages: Field required";
  if (body.messages.length === 0) return "messages: at least one message is required";
  return imageProblem(body.messages);
}

/** Anthropic's image limit applies to the base64 data it receives: 5 MB of it, so ~3.75 MB of image. */
const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;

function imageProblem(messages: unknown[]): string | undefined {
  for (const [m, message] of messages.entries()) {
    const content = asRecord(message)?.content;
    if (!Array.isArray(content)) continue;
    for (const [c, block] of content.entries()) {
      const source = asRecord(asRecord(block)?.source);
      if (asRecord(block)?.type !== "image" || source?.type !== "base64") continue;
      const size = Buffer.byteLength(asString(source.data) ?? "");
      if (size > MAX_IMAGE_BASE64_BYTES)
        return `messages.${m}.content.${c}.image.source.base64: image exceeds 5 MB maximum: ${size} bytes > ${MAX_IMAGE_BASE64_BYTES} bytes`;
    }
  }
  return undefined;
}

async function answer(
  res: http.ServerResponse,
  plan: TurnPlan,
  model: string,
  stream: boolean,
  cacheUsage: CacheUsage | undefined,
  thinking: boolean,
) {
  if (plan.kind === "reject") return sendError(res, 400, plan.message);
  if (plan.kind === "http-fault") return sendFault(res, plan.status, plan.retryAfterSeconds);

  const message = buildMessage(plan.turn, model, cacheUsage, thinking);
  if (!stream) {
    // Without a stream the API reports an overload as the response's status.
    if (plan.streamError) return sendFault(res, plan.streamError.errorType === "overloaded_error" ? 529 : 500);
    if (plan.cutAfterChunks !== undefined) return sendTruncatedJson(res, messageJson(message), requestIdHeader());
    res.once("finish", plan.served);
    return sendJson(res, 200, messageJson(message), requestIdHeader());
  }

  const writer = new SseWriter(res, requestIdHeader(), { delayMs: plan.turn.chunkDelayMs, cutAfter: plan.cutAfterChunks });
  const events = streamEvents(message, message.turn);
  for (const [index, { event, data }] of events.entries()) {
    if (plan.streamError && index === plan.streamError.afterChunks) {
      const { errorType } = plan.streamError;
      const error = {
        type: "error",
        error: { type: errorType, message: errorType === "overloaded_error" ? "Overloaded" : "Internal server error" },
      };
      if (await writer.send(`event: error\ndata: ${JSON.stringify(error)}\n\n`)) await writer.finish();
      return;
    }
    if (!(await writer.send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`))) return;
  }
  if (await writer.finish()) plan.served();
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

type Block =
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; argumentsJson: string };

const DIRECT = { type: "direct" } as const;
type BuiltMessage = { id: string; model: string; blocks: Block[]; stopReason: string; usage: CacheUsage; turn: ResolvedTurn };

function buildMessage(
  scripted: ResolvedTurn,
  model: string,
  cacheUsage: CacheUsage | undefined,
  thinking: boolean,
): BuiltMessage {
  const thought = thinking && !scripted.empty ? (scripted.thinking ?? "Let me look at what the task needs first.") : undefined;
  // Thinking is billed as output: the estimate counts it; a scripted usage is reported as scripted.
  const turn =
    thought && !scripted.usageScripted
      ? { ...scripted, usage: { ...scripted.usage, outputTokens: scripted.usage.outputTokens + estimateTokens(thought.length) } }
      : scripted;
  const usage = cacheUsage ?? {
    input_tokens: turn.usage.inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const envelope = { id: randomId("msg_01"), model, usage, turn };
  if (turn.empty) return { ...envelope, blocks: [], stopReason: "end_turn" };
  const blocks: Block[] = [];
  if (thought !== undefined) {
    blocks.push({ type: "thinking", thinking: thought, signature: signThinking(thought) });
    if (turn.redactedThinking) blocks.push({ type: "redacted_thinking", data: redactedThinkingData() });
  }
  // A turn of only tool calls has no text block; an empty turn still has one (empty) text block.
  if (turn.text || turn.toolCalls.length === 0) blocks.push({ type: "text", text: turn.text });
  for (const call of turn.toolCalls)
    blocks.push({ type: "tool_use", id: randomId("toolu_01"), name: call.name, argumentsJson: call.argumentsJson });
  const last = blocks.at(-1);
  // Cut at the output limit while writing a call: the API stops mid-JSON.
  if (turn.stopReason === "max_tokens" && last?.type === "tool_use")
    last.argumentsJson = last.argumentsJson.slice(0, Math.floor(last.argumentsJson.length / 2));
  return { ...envelope, blocks, stopReason: turn.stopReason ?? (turn.toolCalls.length ? "tool_use" : "end_turn") };
}

/**
 * The non-streaming message. A tool call's `input` is the parsed arguments; a
 * script's invalid `rawJson` cannot be an object, so it is sent as the raw string.
 */
function messageJson(message: BuiltMessage) {
  const content = message.blocks.map((block) => {
    if (block.type === "thinking" || block.type === "redacted_thinking") return block;
    if (block.type === "text") return { type: "text", text: block.text };
    // The API says who called the tool (the model itself here), as @anthropic-ai/sdk declares it.
    return { type: "tool_use", id: block.id, name: block.name, input: parseJsonOrRaw(block.argumentsJson), caller: DIRECT };
  });
  return {
    ...messageEnvelope(message),
    content,
    stop_reason: message.stopReason,
    usage: { ...message.usage, output_tokens: message.turn.usage.outputTokens },
  };
}

function messageEnvelope(message: BuiltMessage) {
  return { id: message.id, type: "message", role: "assistant", model: message.model };
}

type SseEvent = { event: string; data: Record<string, unknown> };

function streamEvents(message: BuiltMessage, turn: ResolvedTurn): SseEvent[] {
  const messageStart: SseEvent = {
    event: "message_start",
    data: {
      type: "message_start",
      // Like the real API, message_start reports the input tokens and a provisional output count;
      // the final output count comes in message_delta.
      message: {
        ...messageEnvelope(message),
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...message.usage, output_tokens: 1 },
      },
    },
  };
  const ping: SseEvent = { event: "ping", data: { type: "ping" } };
  const messageDelta: SseEvent = {
    event: "message_delta",
    data: {
      type: "message_delta",
      delta: { stop_reason: message.stopReason, stop_sequence: null },
      usage: { output_tokens: turn.usage.outputTokens },
    },
  };
  const messageStop: SseEvent = { event: "message_stop", data: { type: "message_stop" } };

  // The real API sends one ping, right after the first content_block_start.
  const [firstBlockStart, ...restOfBlocks] = message.blocks.flatMap((block, index) => blockEvents(block, index, turn.chunkSize));
  const opening = firstBlockStart ? [firstBlockStart, ping] : [ping];
  return [messageStart, ...opening, ...restOfBlocks, messageDelta, messageStop];
}

function blockEvents(block: Block, index: number, chunkSize: number): SseEvent[] {
  const start = (contentBlock: Record<string, unknown>): SseEvent => ({
    event: "content_block_start",
    data: { type: "content_block_start", index, content_block: contentBlock },
  });
  const delta = (data: Record<string, unknown>): SseEvent => ({
    event: "content_block_delta",
    data: { type: "content_block_delta", index, delta: data },
  });
  const stop: SseEvent = { event: "content_block_stop", data: { type: "content_block_stop", index } };

  if (block.type === "thinking") {
    const deltas = chunkText(block.thinking, chunkSize).map((thinking) => delta({ type: "thinking_delta", thinking }));
    const signature = delta({ type: "signature_delta", signature: block.signature });
    return [start({ type: "thinking", thinking: "", signature: "" }), ...deltas, signature, stop];
  }
  if (block.type === "redacted_thinking") return [start({ type: "redacted_thinking", data: block.data }), stop];
  if (block.type === "text") {
    const deltas = chunkText(block.text, chunkSize).map((text) => delta({ type: "text_delta", text }));
    return [start({ type: "text", text: "" }), ...deltas, stop];
  }
  // tool_use starts with an empty input and streams its JSON text; the real API's first delta is empty.
  const pieces = ["", ...chunkText(block.argumentsJson, chunkSize)];
  const deltas = pieces.map((partial_json) => delta({ type: "input_json_delta", partial_json }));
  return [start({ type: "tool_use", id: block.id, name: block.name, input: {}, caller: DIRECT }), ...deltas, stop];
}

function modelList() {
  const data = FAKE_ANTHROPIC_MODELS.map((id) => ({
    type: "model",
    id,
    display_name: id,
    created_at: "2025-01-01T00:00:00Z",
  }));
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  503: "api_error",
  529: "overloaded_error",
};

const FAULT_MESSAGES: Record<number, string> = {
  429: "This request would exceed the rate limit for your organization (scripted fault).",
  500: "Internal server error (scripted fault).",
  503: "Service unavailable (scripted fault).",
  529: "Overloaded (scripted fault).",
};

function sendFault(res: http.ServerResponse, status: number, retryAfterSeconds?: number) {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) };
  sendError(res, status, FAULT_MESSAGES[status] ?? "Scripted fault.", headers);
}

function sendError(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  const requestId = randomId("req_01");
  const error = { type: ERROR_TYPES[status] ?? "api_error", message };
  sendJson(res, status, { type: "error", error, request_id: requestId }, { "request-id": requestId, ...headers });
}

function sendRequestTooLarge(res: http.ServerResponse) {
  const error = { type: "request_too_large", message: "Request exceeds the maximum allowed number of bytes." };
  sendJson(res, 413, { type: "error", error });
}

function requestIdHeader(): Record<string, string> {
  return { "request-id": randomId("req_01") };
}

// ---------------------------------------------------------------------------
// Request view
// ---------------------------------------------------------------------------

/**
 * The provider-neutral view of a Messages API request: `system` as a string or
 * text blocks (plus any system-role messages), user content as a string or
 * blocks (text, image, tool_result with string or block content and is_error),
 * assistant blocks text and tool_use.
 */
function anthropicRequestView(body: unknown): RequestView {
  const record = asRecord(body) ?? {};
  const view = emptyView("anthropic");
  view.model = asString(record.model);
  view.tools = asArray(record.tools).flatMap((tool) => {
    const name = asRecord(tool)?.name;
    return typeof name === "string" ? [name] : [];
  });
  const system = [textOfContent(record.system)];
  for (const item of asArray(record.messages)) {
    const message = asRecord(item);
    if (message?.role === "system") system.push(textOfContent(message.content));
    else if (message?.role === "user" || message?.role === "assistant") addMessage(view, message.role, message.content);
  }
  view.system = system.filter(Boolean).join("\n\n");
  return view;
}

function addMessage(view: RequestView, role: "user" | "assistant", content: unknown) {
  const entry = viewMessage(view, role);
  const blocks = typeof content === "string" ? [{ type: "text", text: content }] : asArray(content);
  for (const item of blocks) {
    const block = asRecord(item);
    if (!block) continue;
    if (block.type === "text") appendText(entry, asString(block.text));
    else if (block.type === "image") entry.images++;
    else if (block.type === "tool_use")
      entry.toolCalls.push({ id: asString(block.id), name: asString(block.name), input: block.input });
    else if (block.type === "tool_result") {
      entry.toolResults.push({
        toolCallId: asString(block.tool_use_id),
        content: textOfContent(block.content),
        isError: block.is_error === true,
      });
      entry.images += asArray(block.content).filter((part) => asRecord(part)?.type === "image").length;
    }
  }
}
