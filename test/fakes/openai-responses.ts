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
  SseWriter,
  viewMessage,
  type RequestView,
  type ResolvedTurn,
  type StreamErrorPlan,
  type TurnPlan,
} from "./model-script";
import { requestIdHeader, sendError, sendFault, type ErrorFields } from "./openai-errors";
import type { PromptCache } from "./openai-prompt-cache";

/**
 * OpenAI's Responses API (`POST /v1/responses`, streamed), as documented: SSE
 * frames `event: <type>\ndata: {json}\n\n` with a `sequence_number`:
 * `response.created`, `response.in_progress`, per output item
 * `response.output_item.added` … `response.output_item.done` (reasoning,
 * message with `output_text` or `refusal` parts, function_call with
 * `response.function_call_arguments.delta`/`.done`), then `response.completed`
 * (or `response.incomplete`, `response.failed`, or a bare `error` event).
 *
 * With `store: false` nothing is kept server-side, so a reasoning model's
 * reasoning item must come back (with its `encrypted_content`, which needs
 * `include: ["reasoning.encrypted_content"]`) before the function calls it led to.
 */
export type ResponsesState = {
  cache: PromptCache;
  /** The reasoning item each function call followed, by call_id, and each reasoning item's encrypted content. */
  reasoningOfCall: Map<string, string>;
  encryptedContent: Map<string, string>;
};

/** Reasoning models: the o-series, GPT-5 and the Codex models. */
export function isReasoningModel(model: string) {
  return /^(o\d|gpt-5)/.test(model) || model.includes("codex");
}

export async function answerResponses(
  res: http.ServerResponse,
  body: Record<string, unknown>,
  plan: () => TurnPlan,
  state: ResponsesState,
) {
  const problem = validate(body, state);
  if (problem) return sendError(res, problem.status, problem.fields);
  const turnPlan = plan();
  if (turnPlan.kind === "reject") return sendError(res, 400, { message: turnPlan.message, param: "input" });
  if (turnPlan.kind === "http-fault") return sendFault(res, turnPlan.status, turnPlan.retryAfterSeconds);
  if (body.stream !== true) {
    return sendError(res, 400, { message: "The fake Responses API only streams: set stream to true.", param: "stream" });
  }

  const model = asString(body.model);
  const inputTokens = turnPlan.turn.usage.inputTokens;
  const cacheKey = asString(body.prompt_cache_key) || model;
  const prompt = JSON.stringify([body.tools ?? null, body.instructions ?? null, body.input]);
  const cached = state.cache.cachedTokens(cacheKey, prompt, inputTokens);
  const events = responseEvents(body, turnPlan.turn, state, { ...turnPlan.turn.usage, inputTokens, cached });
  const writer = new SseWriter(res, requestIdHeader(), {
    delayMs: turnPlan.turn.chunkDelayMs,
    cutAfter: turnPlan.cutAfterChunks,
  });
  const failure = turnPlan.responseError;
  let sequence = 0;
  for (const event of failure ? [...events.slice(0, failure.afterChunks), failureEvent(failure, body)] : events) {
    const data = { ...event, sequence_number: sequence++ };
    if (!(await writer.send(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`))) return;
  }
  if ((await writer.finish()) && !failure) turnPlan.served();
}

function validate(body: Record<string, unknown>, state: ResponsesState): { status: number; fields: ErrorFields } | undefined {
  const bad = (message: string, param: string | null, code: string | null = null, status = 400) => ({
    status,
    fields: { message, param, code },
  });
  const model = asString(body.model);
  if (!model) return bad("Missing required parameter: 'model'.", "model", "missing_required_parameter");
  if (typeof body.input !== "string" && !Array.isArray(body.input)) {
    return bad("Missing required parameter: 'input'.", "input", "missing_required_parameter");
  }
  const cap = body.max_output_tokens;
  if (typeof cap === "number" && cap < 16) {
    return bad(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${cap} instead.`,
      "max_output_tokens",
      "integer_below_min_value",
    );
  }
  if (asRecord(body.reasoning)?.effort !== undefined && !isReasoningModel(model)) {
    return bad(
      "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
      "reasoning.effort",
      "unsupported_parameter",
    );
  }
  const tools = asArray(body.tools);
  for (const [index, tool] of tools.entries()) {
    const record = asRecord(tool);
    if (record?.type === "function" && typeof record.name !== "string") {
      return bad(`Missing required parameter: 'tools[${index}].name'.`, `tools[${index}].name`, "missing_required_parameter");
    }
  }
  return typeof body.input === "string" ? undefined : validateItems(body.input as unknown[], body.store === false, state);
}

/** The checks the real API makes on replayed items when nothing is stored server-side. */
function validateItems(items: unknown[], stateless: boolean, state: ResponsesState) {
  const bad = (message: string, status = 400) => ({ status, fields: { message, param: "input" } });
  const seenReasoning = new Set<string>();
  for (const [index, raw] of items.entries()) {
    const item = asRecord(raw);
    if (item?.type === "reasoning") {
      const id = asString(item.id);
      if (stateless && typeof item.encrypted_content !== "string") {
        return bad(
          `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
          404,
        );
      }
      if (typeof item.encrypted_content === "string" && state.encryptedContent.get(id) !== item.encrypted_content) {
        return bad(`The encrypted content for item ${id} could not be verified.`);
      }
      const next = asRecord(items[index + 1]);
      if (!next) {
        return bad(`Item '${id}' of type 'reasoning' was provided without its required following item.`);
      }
      seenReasoning.add(id);
    } else if (item?.type === "function_call") {
      const reasoning = state.reasoningOfCall.get(asString(item.call_id));
      if (stateless && reasoning && !seenReasoning.has(reasoning)) {
        const name = asString(item.id) || asString(item.call_id);
        return bad(`Item '${name}' of type 'function_call' was provided without its required 'reasoning' item: '${reasoning}'.`);
      }
    }
  }
  return undefined;
}

type Event = { type: string } & Record<string, unknown>;

function responseEvents(
  body: Record<string, unknown>,
  turn: ResolvedTurn,
  state: ResponsesState,
  usage: { inputTokens: number; outputTokens: number; reasoningTokens?: number; cached: number },
): Event[] {
  const model = asString(body.model);
  const response = responseObject(body);
  const events: Event[] = [
    { type: "response.created", response: { ...response, status: "in_progress" } },
    { type: "response.in_progress", response: { ...response, status: "in_progress" } },
  ];
  const output: Array<Record<string, unknown>> = [];
  const add = (
    item: Record<string, unknown>,
    middle: (id: string, outputIndex: number) => Event[],
    done: Record<string, unknown>,
  ) => {
    const outputIndex = output.length;
    events.push({ type: "response.output_item.added", output_index: outputIndex, item });
    events.push(...middle(asString(item.id), outputIndex));
    output.push(done);
    events.push({ type: "response.output_item.done", output_index: outputIndex, item: done });
  };

  let reasoningId: string | undefined;
  if (isReasoningModel(model)) {
    reasoningId = randomId("rs_", 40);
    const encrypted = `gAAAAA${Buffer.from(`${reasoningId}:${randomId("", 24)}`).toString("base64")}`;
    state.encryptedContent.set(reasoningId, encrypted);
    const included = asArray(body.include).includes("reasoning.encrypted_content");
    const item = { id: reasoningId, type: "reasoning", summary: [] };
    add(item, () => [], included ? { ...item, encrypted_content: encrypted } : item);
  }

  const partType = turn.refusal !== undefined ? "refusal" : "output_text";
  const words = turn.refusal ?? turn.text;
  if (words) {
    const id = randomId("msg_", 40);
    const part =
      partType === "refusal"
        ? { type: "refusal", refusal: words }
        : { type: "output_text", text: words, annotations: [], logprobs: [] };
    const empty =
      partType === "refusal"
        ? { type: "refusal", refusal: "" }
        : { type: "output_text", text: "", annotations: [], logprobs: [] };
    const item = { id, type: "message", status: "in_progress", role: "assistant", content: [] };
    add(
      item,
      (itemId, outputIndex) => {
        const at = { item_id: itemId, output_index: outputIndex, content_index: 0 };
        const deltaType = partType === "refusal" ? "response.refusal.delta" : "response.output_text.delta";
        const doneEvent =
          partType === "refusal"
            ? { type: "response.refusal.done", ...at, refusal: words }
            : { type: "response.output_text.done", ...at, text: words, logprobs: [] };
        return [
          { type: "response.content_part.added", ...at, part: empty },
          ...chunkText(words, turn.chunkSize).map((delta) => ({ type: deltaType, ...at, delta, logprobs: [] })),
          doneEvent,
          { type: "response.content_part.done", ...at, part },
        ];
      },
      { ...item, status: "completed", content: [part] },
    );
  }

  for (const call of turn.toolCalls) {
    const callId = randomId("call_");
    if (reasoningId) state.reasoningOfCall.set(callId, reasoningId);
    const item = {
      id: randomId("fc_", 40),
      type: "function_call",
      status: "in_progress",
      arguments: "",
      call_id: callId,
      name: call.name,
    };
    add(
      item,
      (itemId, outputIndex) => [
        ...chunkText(call.argumentsJson, turn.chunkSize).map((delta) => ({
          type: "response.function_call_arguments.delta",
          item_id: itemId,
          output_index: outputIndex,
          delta,
        })),
        {
          type: "response.function_call_arguments.done",
          item_id: itemId,
          output_index: outputIndex,
          name: call.name,
          arguments: call.argumentsJson,
        },
      ],
      { ...item, status: "completed", arguments: call.argumentsJson },
    );
  }

  const reasoningTokens = usage.reasoningTokens ?? 0;
  const finished = {
    ...response,
    output,
    usage: {
      input_tokens: usage.inputTokens,
      input_tokens_details: { cached_tokens: usage.cached },
      output_tokens: usage.outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: usage.inputTokens + usage.outputTokens,
    },
  };
  if (turn.incomplete) {
    events.push({
      type: "response.incomplete",
      response: { ...finished, status: "incomplete", incomplete_details: { reason: turn.incomplete } },
    });
  } else events.push({ type: "response.completed", response: { ...finished, status: "completed" } });
  return events;
}

function responseObject(body: Record<string, unknown>) {
  return {
    id: randomId("resp_", 48),
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "in_progress",
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: { effort: asRecord(body.reasoning)?.effort ?? null, summary: null },
    store: body.store ?? true,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: 1,
    truncation: "disabled",
    usage: null,
    metadata: {},
  };
}

/** How the real API ends a stream that failed after it started. */
function failureEvent(failure: StreamErrorPlan, body: Record<string, unknown>): Event {
  const message = `The server had an error processing your request (scripted ${failure.code}).`;
  if (failure.event === "error") return { type: "error", code: failure.code, message, param: null };
  return {
    type: "response.failed",
    response: { ...responseObject(body), status: "failed", error: { code: failure.code, message } },
  };
}

/**
 * The provider-neutral view of a Responses request: `instructions` and
 * system/developer messages make `system`; `function_call` items are the
 * assistant's tool calls and `function_call_output` items tool results.
 */
export function responsesRequestView(record: Record<string, unknown>): RequestView {
  const view = emptyView("openai");
  view.model = asString(record.model);
  view.tools = asArray(record.tools).flatMap((tool) => {
    const name = asRecord(tool)?.name;
    return typeof name === "string" ? [name] : [];
  });
  const system = [asString(record.instructions)];
  const items = typeof record.input === "string" ? [{ role: "user", content: record.input }] : asArray(record.input);
  for (const raw of items) {
    const item = asRecord(raw);
    if (!item) continue;
    if (item.type === "function_call") {
      viewMessage(view, "assistant").toolCalls.push({
        id: asString(item.call_id),
        name: asString(item.name),
        input: parseJsonOrRaw(asString(item.arguments)),
      });
    } else if (item.type === "function_call_output") {
      viewMessage(view, "user").toolResults.push({
        toolCallId: asString(item.call_id),
        content: asString(item.output),
        isError: false,
      });
    } else if (item.type === undefined || item.type === "message") {
      if (item.role === "system" || item.role === "developer") system.push(textOfItem(item.content));
      else if (item.role === "user" || item.role === "assistant") {
        const entry = viewMessage(view, item.role);
        appendText(entry, textOfItem(item.content));
        entry.images += asArray(item.content).filter((part) => asRecord(part)?.type === "input_image").length;
      }
    }
  }
  view.system = system.filter(Boolean).join("\n\n");
  return view;
}

function textOfItem(content: unknown): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .flatMap((raw) => {
      const part = asRecord(raw);
      const isText = part?.type === "input_text" || part?.type === "output_text";
      return isText && typeof part.text === "string" ? [part.text] : [];
    })
    .join("\n");
}
