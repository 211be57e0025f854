import type http from "node:http";
import {
  appendText,
  asArray,
  asRecord,
  asString,
  chunkText,
  emptyView,
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
import { chunkErrorBody, requestIdHeader, sendError, sendFault, type ErrorFields } from "./openai-errors";
import { PromptCache } from "./openai-prompt-cache";
import { answerResponses, responsesRequestView, type ResponsesState } from "./openai-responses";

/**
 * A local OpenAI API that answers with scripted turns (see ./model-script.ts):
 * Chat Completions (`POST /v1/chat/completions`, streaming and not), the
 * Responses API (`POST /v1/responses`, streamed; ./openai-responses.ts),
 * `GET /v1/models`, `GET /v1/models/:id`. `url` ends in `/v1`: pass it as the SDK's `baseURL`.
 *
 * Chat wire format as the real API: SSE frames `data: {chunk}\n\n` of
 * `chat.completion.chunk` objects, a chunk with `finish_reason`, the usage
 * chunk (`choices: []`) when `stream_options.include_usage` is set, then
 * `data: [DONE]`; errors as `{"error":{message,type,param,code}}`. Codex models
 * are refused on Chat Completions (404), as OpenAI serves them on Responses only;
 * `tools: []` is a 400. Prompts are cached as ./openai-prompt-cache.ts models it.
 *
 * `flavor: "ollama"` streams Chat tool calls as Ollama does: each call whole in
 * one delta, every one with `index: 0`, told apart only by `id`.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const state: ResponsesState = { cache: new PromptCache(), reasoningOfCall: new Map(), encryptedContent: new Map() };
  return startModelServer(
    {
      provider: "openai",
      basePath: "/v1",
      viewOf: openAIRequestView,
      route: (exchange) => route(exchange, state, options.flavor ?? "openai"),
      internalError: (res, message) => sendError(res, 500, { message: `Fake OpenAI failed: ${message}`, type: "server_error" }),
    },
    options,
  );
}

export type FakeOpenAIOptions = FakeModelOptions & { flavor?: "openai" | "ollama" };

export type FakeOpenAI = FakeModelServer;

const FAKE_OPENAI_MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5-mini", "gpt-5-codex", "gpt-5.1-codex"];

async function route(exchange: Exchange, state: ResponsesState, flavor: "openai" | "ollama") {
  const { req, res, method, path, body } = exchange;
  const modelPath = path.match(/^\/v1\/models(?:\/([^/]+))?$/);
  const chat = method === "POST" && path === "/v1/chat/completions";
  const responses = method === "POST" && path === "/v1/responses";
  const known = chat || responses || (method === "GET" && modelPath);
  if (!known) return sendError(res, 404, { message: `Invalid URL (${method} ${path})` });
  if (!/^Bearer \S+/i.test(req.headers.authorization ?? "")) {
    return sendError(res, 401, {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    });
  }
  if (modelPath) return sendModels(res, modelPath[1] && decodeURIComponent(modelPath[1]));

  const record = asRecord(body);
  if (!record) return sendError(res, 400, { message: "We could not parse the JSON body of your request." });
  if (responses) return answerResponses(res, record, () => exchange.runner.plan(exchange.view, exchange.rawBody.length), state);
  if (asString(record.model).includes("codex")) {
    // OpenAI serves its Codex models on the Responses API only.
    const message = "This model is only supported in v1/responses and not in v1/chat/completions.";
    return sendError(res, 404, { message, param: "model" });
  }
  const problem = validate(record);
  if (problem) return sendError(res, 400, problem);

  const plan = exchange.runner.plan(exchange.view, exchange.rawBody.length);
  const stream = record.stream === true;
  const includeUsage = stream && asRecord(record.stream_options)?.include_usage === true;
  const prompt = JSON.stringify([record.tools ?? null, record.messages]);
  const cacheKey = asString(record.prompt_cache_key) || asString(record.model);
  const cachedTokens = (inputTokens: number) => state.cache.cachedTokens(cacheKey, prompt, inputTokens);
  await answer(res, plan, asString(record.model), { stream, includeUsage, flavor, cachedTokens });
}

function validate(body: Record<string, unknown>): ErrorFields | undefined {
  if (typeof body.model !== "string" || !body.model) return { message: "you must provide a model parameter" };
  if (!Array.isArray(body.messages)) {
    return { message: "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter" };
  }
  if (body.messages.length === 0) return { message: "[] is too short - 'messages'", param: "messages" };
  if (Array.isArray(body.tools) && body.tools.length === 0) {
    return {
      message: "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: "tools",
      code: "empty_array",
    };
  }

  if (body.stream_options != null && body.stream !== true) {
    return { message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options" };
  }
  return undefined;
}

type AnswerMode = {
  stream: boolean;
  includeUsage: boolean;
  flavor: "openai" | "ollama";
  cachedTokens: (inputTokens: number) => number;
};

async function answer(res: http.ServerResponse, plan: TurnPlan, model: string, mode: AnswerMode) {
  if (plan.kind === "reject") return sendError(res, 400, { message: plan.message, param: "messages" });
  if (plan.kind === "http-fault") return sendFault(res, plan.status, plan.retryAfterSeconds);

  const completion = buildCompletion(plan.turn, model, mode.cachedTokens(plan.turn.usage.inputTokens));
  if (!mode.stream) {
    // Without a stream the failure is the response's status.
    if (plan.chunkError?.error === "bad_request")
      return sendError(res, 400, chunkErrorBody("openai", "bad_request").error as ErrorFields);
    if (plan.chunkError) return sendFault(res, plan.chunkError.error === "overloaded" ? 503 : 500);
    if (plan.cutAfterChunks !== undefined) return sendTruncatedJson(res, completionJson(completion), requestIdHeader());
    res.once("finish", plan.served);
    return sendJson(res, 200, completionJson(completion), requestIdHeader());
  }

  const writer = new SseWriter(res, requestIdHeader(), { delayMs: plan.turn.chunkDelayMs, cutAfter: plan.cutAfterChunks });
  for (const [index, data] of streamChunks(completion, mode.includeUsage, mode.flavor).entries()) {
    if (plan.chunkError && index === plan.chunkError.afterChunks) {
      const body = chunkErrorBody(plan.chunkError.server, plan.chunkError.error);
      if (await writer.send(`data: ${JSON.stringify(body)}\n\n`)) await writer.finish();
      return;
    }
    if (!(await writer.send(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`))) return;
  }
  if (await writer.finish()) plan.served();
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

type BuiltCompletion = {
  id: string;
  created: number;
  model: string;
  toolCalls: Array<{ id: string; name: string; argumentsJson: string }>;
  finishReason: "tool_calls" | "stop" | "length" | "content_filter";
  turn: ResolvedTurn;
  cachedTokens: number;
};

const INCOMPLETE_FINISH = { max_output_tokens: "length", content_filter: "content_filter" } as const;

function buildCompletion(turn: ResolvedTurn, model: string, cachedTokens: number): BuiltCompletion {
  return {
    id: randomId("chatcmpl-", 29),
    created: Math.floor(Date.now() / 1000),
    model,
    toolCalls: turn.toolCalls.map((call) => ({ id: randomId("call_"), ...call })),
    finishReason: turn.incomplete ? INCOMPLETE_FINISH[turn.incomplete] : turn.toolCalls.length ? "tool_calls" : "stop",
    turn,
    cachedTokens,
  };
}

function envelope(completion: BuiltCompletion, object: "chat.completion" | "chat.completion.chunk") {
  return {
    id: completion.id,
    object,
    created: completion.created,
    model: completion.model,
    service_tier: "default",
    system_fingerprint: "fp_fake",
  };
}

function usageJson({ inputTokens, outputTokens, reasoningTokens }: ResolvedTurn["usage"], cachedTokens: number) {
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** The non-streaming completion: `content` is null for a tool-calls-only turn, and `tool_calls` absent without calls. */
function completionJson(completion: BuiltCompletion) {
  const { turn, toolCalls } = completion;
  const message: Record<string, unknown> = {
    role: "assistant",
    content: turn.text || (toolCalls.length ? null : ""),
    refusal: null,
    annotations: [],
  };
  if (toolCalls.length) {
    message.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: call.argumentsJson },
    }));
  }
  return {
    ...envelope(completion, "chat.completion"),
    choices: [{ index: 0, message, logprobs: null, finish_reason: completion.finishReason }],
    usage: usageJson(turn.usage, completion.cachedTokens),
  };
}

/**
 * The chunks of a streamed completion, ending with the `[DONE]` sentinel. The
 * first delta carries the role; each tool call's first delta carries `index`,
 * `id`, `type` and the name with empty arguments, later ones only argument pieces.
 * With `include_usage`, every chunk has `usage: null` and a last chunk with
 * `choices: []` carries the usage, as the real API does. Ollama sends each
 * call whole, and all of them with `index: 0`.
 */
function streamChunks(
  completion: BuiltCompletion,
  includeUsage: boolean,
  flavor: "openai" | "ollama",
): Array<Record<string, unknown> | "[DONE]"> {
  const { turn } = completion;
  const base = { ...envelope(completion, "chat.completion.chunk"), ...(includeUsage ? { usage: null } : {}) };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });

  const chunks: Array<Record<string, unknown> | "[DONE]"> = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const content of chunkText(turn.text, turn.chunkSize)) chunks.push(chunk({ content }));
  completion.toolCalls.forEach((call, index) => {
    if (flavor === "ollama") {
      const whole = { index: 0, id: call.id, type: "function", function: { name: call.name, arguments: call.argumentsJson } };
      return chunks.push(chunk({ tool_calls: [whole] }));
    }
    chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }));
    for (const piece of chunkText(call.argumentsJson, turn.chunkSize)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, completion.finishReason));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: usageJson(turn.usage, completion.cachedTokens) });
  chunks.push("[DONE]");
  return chunks;
}

function sendModels(res: http.ServerResponse, id: string | undefined) {
  const model = (modelId: string) => ({ id: modelId, object: "model", created: 1_715_367_049, owned_by: "system" });
  if (id === undefined) return sendJson(res, 200, { object: "list", data: FAKE_OPENAI_MODELS.map(model) }, requestIdHeader());
  if (FAKE_OPENAI_MODELS.includes(id)) return sendJson(res, 200, model(id), requestIdHeader());
  sendError(res, 404, { message: `The model '${id}' does not exist`, param: "model", code: "model_not_found" });
}

// ---------------------------------------------------------------------------
// Request view
// ---------------------------------------------------------------------------

/**
 * The provider-neutral view of a chat request (a Responses request has its own, in ./openai-responses.ts): system and developer messages
 * make `system`; user content is a string or parts (text, image_url); assistant
 * messages carry `tool_calls`; `tool` messages become tool results on the user side.
 */
function openAIRequestView(body: unknown): RequestView {
  const record = asRecord(body) ?? {};
  if (!("messages" in record) && "input" in record) return responsesRequestView(record);
  const view = emptyView("openai");
  view.model = asString(record.model);
  view.tools = asArray(record.tools).flatMap((item) => {
    const tool = asRecord(item);
    const name = asRecord(tool?.function)?.name ?? asRecord(tool?.custom)?.name;
    return typeof name === "string" ? [name] : [];
  });
  const system: string[] = [];
  for (const item of asArray(record.messages)) {
    const message = asRecord(item);
    if (!message) continue;
    if (message.role === "system" || message.role === "developer") system.push(textOfContent(message.content));
    else if (message.role === "user") addUserMessage(view, message.content);
    else if (message.role === "assistant") addAssistantMessage(view, message);
    else if (message.role === "tool") {
      viewMessage(view, "user").toolResults.push({
        toolCallId: asString(message.tool_call_id),
        content: textOfContent(message.content),
        isError: false,
      });
    }
  }
  view.system = system.filter(Boolean).join("\n\n");
  return view;
}

function addUserMessage(view: RequestView, content: unknown) {
  const entry = viewMessage(view, "user");
  appendText(entry, textOfContent(content));
  entry.images += asArray(content).filter((part) => asRecord(part)?.type === "image_url").length;
}

function addAssistantMessage(view: RequestView, message: Record<string, unknown>) {
  const entry = viewMessage(view, "assistant");
  appendText(entry, textOfContent(message.content));
  for (const item of asArray(message.tool_calls)) {
    const call = asRecord(item);
    const fn = asRecord(call?.function);
    entry.toolCalls.push({ id: asString(call?.id), name: asString(fn?.name), input: parseJsonOrRaw(asString(fn?.arguments)) });
  }
}
