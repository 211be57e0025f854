import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Scripted conversations for the fake model APIs (./anthropic.ts, ./openai.ts).
 *
 * A test registers a `Script` (a list of turns) and puts `[[script:NAME]]` (or
 * `[[script:NAME:KEY]]`, to run the same script as several independent
 * conversations) in the first user message. Every request of that conversation
 * is answered with the next turn, in the provider's real wire format, so the
 * real SDKs run unchanged against the fakes.
 *
 * This file is provider-neutral: the script types, the turn bookkeeping
 * (`ScriptRunner`), and the HTTP/SSE plumbing both fakes share.
 */

// ---------------------------------------------------------------------------
// Script types
// ---------------------------------------------------------------------------

export type Provider = "anthropic" | "openai";

/**
 * A tool call the model makes. `input: { rawJson }` (an object with that single
 * key) sends the text as the arguments verbatim, so a script can send invalid JSON.
 */
export type ScriptedToolCall = { name: string; input: Record<string, unknown> | { rawJson: string } };

export type ScriptedFault =
  /** Answer with an API error (with `retry-after` when given) `times` times before serving the turn. */
  | { kind: "http"; status: 429 | 500 | 529 | 503; retryAfterSeconds?: number; times: number }
  /** Start the response, then destroy the socket after `afterChunks` SSE events, `times` times. */
  | { kind: "cut"; afterChunks: number; times: number }
  /**
   * Start the response, then after `afterChunks` SSE events send an error event
   * (Anthropic's `event: error`, e.g. `overloaded_error`) and end the stream, `times` times.
   */
  | { kind: "stream-error"; errorType: "overloaded_error" | "api_error"; afterChunks: number; times: number }
  /**
   * OpenAI Responses only: after `afterChunks` SSE events, end the stream with a `response.failed`
   * event (or a bare `error` event) carrying `code`, `times` times.
   */
  | { kind: "response-error"; event: "response.failed" | "error"; code: string; afterChunks: number; times: number }
  /**
   * OpenAI Chat Completions only: after `afterChunks` SSE events, a `data: {"error": {...}}` chunk
   * in the shape `server` sends (see ./openai-errors.ts), then the stream ends, `times` times.
   */
  | { kind: "chunk-error"; server: ChunkErrorServer; error: ChunkErrorKind; afterChunks: number; times: number };

/** The OpenAI-compatible servers whose mid-stream error chunks the fake reproduces. */
export type ChunkErrorServer = "openai" | "vllm" | "ollama";
/** A failure inside the server (transient: worth retrying), an overload, or a request it refuses mid-way. */
export type ChunkErrorKind = "server_error" | "overloaded" | "bad_request";

export type ScriptedTurn = {
  /** Streamed as text deltas of `chunkSize` characters. */
  text?: string;
  /** Streamed after the text. */
  toolCalls?: ScriptedToolCall[];
  /**
   * Default: estimated as characters / 4 of the request body and of the response. `reasoningTokens`
   * (OpenAI) are part of `outputTokens`, as the API reports them.
   */
  usage?: { inputTokens: number; outputTokens: number; reasoningTokens?: number };
  /** OpenAI: the response stops early for this reason (Responses `incomplete`, Chat `length`/`content_filter`). */
  incomplete?: "max_output_tokens" | "content_filter";
  /** OpenAI: the model refuses, with this text as a refusal content part instead of output text. */
  refusal?: string;
  /** Characters per text delta and per tool-argument delta; default 12. */
  chunkSize?: number;
  /** Delay between SSE events (default 0), so tests can cancel mid-stream. */
  chunkDelayMs?: number;
  fault?: ScriptedFault;
  /**
   * A stop reason other than the one the content implies: `max_tokens` with tool
   * calls cuts the last call's JSON in half; `refusal`, `pause_turn` and
   * `model_context_window_exceeded` are sent as they are.
   */
  stopReason?: "max_tokens" | "refusal" | "pause_turn" | "model_context_window_exceeded";
  /** An empty `end_turn`: no content blocks at all (the API does this, e.g. after text appended to tool results). */
  empty?: boolean;
  /**
   * Anthropic with `thinking` enabled: the thinking block's text (default a short
   * sentence) and whether a `redacted_thinking` block follows it, as the API sends
   * when its safety systems encrypt part of the reasoning. Ignored without thinking.
   */
  thinking?: string;
  redactedThinking?: boolean;
};

/** A provider-neutral view of a model request, given to function turns and recorded with each request. */
export type RequestView = {
  provider: Provider;
  model: string;
  /** All system text: Anthropic's `system` (string or text blocks) and system-role messages; OpenAI's system/developer messages. */
  system: string;
  /** Names of the tools offered. */
  tools: string[];
  /**
   * Consecutive messages of the same role are merged into one entry (the
   * Anthropic API does the same), and OpenAI `tool` messages count as user
   * content, so a tool round trip looks the same for both providers.
   */
  messages: RequestViewMessage[];
};

export type RequestViewMessage = {
  role: "user" | "assistant";
  /** The message's text parts joined with "\n" (tool results not included). */
  text: string;
  images: number;
  /** `input` is the parsed arguments, or the raw string when they are not valid JSON. */
  toolCalls: Array<{ id: string; name: string; input: unknown }>;
  toolResults: Array<{ toolCallId: string; content: string; isError: boolean }>;
};

export type Script = {
  name: string;
  turns: Array<ScriptedTurn | ((request: RequestView) => ScriptedTurn)>;
  /**
   * Answers to the compaction requests whose text carries this script's marker
   * (the summariser is sent the task), in order across the fake's life; faults
   * work as in `turns`. Without them, or once they are used up, a compaction
   * request gets the default "Summary of earlier work: …" answer.
   */
  compaction?: Array<ScriptedTurn | ((request: RequestView) => ScriptedTurn)>;
  /**
   * When the harness answers a `finish` with a review of the diff that asks for
   * finish again (implement and bugfix runs do), the fake confirms at once with
   * the same call, as a model satisfied with its change does, without using a
   * turn — so a script reads as the work it does. True: the script's own next
   * turn answers the review instead (to test a model that fixes something first).
   */
  answersFinishReview?: boolean;
};

export type RecordedRequest = {
  provider: Provider;
  method: string;
  path: string;
  /** Lowercased; credentials (authorization, x-api-key, api-key) replaced by "<redacted>". */
  headers: Record<string, string>;
  /** The parsed JSON body; null when there was none or it was not JSON. */
  body: unknown;
  /** For requests without a chat body (e.g. GET /v1/models) an empty view. */
  view: RequestView;
  at: number;
};

const SCRIPT_MARKER = /\[\[script:([\w.-]+)(?::([\w.-]+))?\]\]/;
export const COMPACTION_MARKER = "<compaction-request>";
const DEFAULT_SCRIPT = "default";
const DEFAULT_CHUNK_SIZE = 12;
/** Served once a script has no turns left. */
const DONE_TURN: ScriptedTurn = { text: "Done." };

// ---------------------------------------------------------------------------
// Registry and runner
// ---------------------------------------------------------------------------

/** The scripts a fake knows, changeable at runtime. Re-adding a name starts its conversations afresh. */
export class ScriptRegistry {
  readonly #scripts = new Map<string, Script>();

  constructor(scripts: Iterable<Script> = []) {
    for (const script of scripts) this.add(script);
  }

  add(script: Script): this {
    this.#scripts.set(script.name, script);
    return this;
  }

  remove(name: string): boolean {
    return this.#scripts.delete(name);
  }

  get(name: string): Script | undefined {
    return this.#scripts.get(name);
  }

  names(): string[] {
    return [...this.#scripts.keys()];
  }
}

/** A turn ready to serve: tool arguments as the exact JSON text to stream. */
export type ResolvedTurn = {
  text: string;
  toolCalls: Array<{ name: string; argumentsJson: string }>;
  usage: { inputTokens: number; outputTokens: number; reasoningTokens?: number };
  chunkSize: number;
  chunkDelayMs: number;
  incomplete?: ScriptedTurn["incomplete"];
  refusal?: string;
  stopReason?: ScriptedTurn["stopReason"];
  empty: boolean;
  /** Whether `usage` came from the script (then the fake reports it as is) or is the estimate. */
  usageScripted: boolean;
  thinking?: string;
  redactedThinking: boolean;
};

/** What to answer a request with. */
export type TurnPlan =
  /** A request the fake cannot answer (no script, a function turn threw): a 400 invalid-request error. */
  | { kind: "reject"; message: string }
  | { kind: "http-fault"; status: number; retryAfterSeconds?: number }
  /**
   * Serve `turn`; with `cutAfterChunks`, destroy the socket after that many SSE
   * events instead. Call `served()` once the whole response went out: only then
   * does the conversation move on to its next turn.
   */
  | {
      kind: "serve";
      turn: ResolvedTurn;
      cutAfterChunks?: number;
      /** Anthropic: send this error event after `afterChunks` events, then end the stream (the turn is not served). */
      streamError?: { errorType: string; afterChunks: number };
      /** OpenAI Responses: end the stream with this failure event after `afterChunks` events. */
      responseError?: StreamErrorPlan;
      /** OpenAI Chat Completions: send an error chunk after `afterChunks` events, then end the stream. */
      chunkError?: { server: ChunkErrorServer; error: ChunkErrorKind; afterChunks: number };
      served: () => void;
    };

/** A scripted `response-error` fault: which event to end the stream with, and after how many events. */
export type StreamErrorPlan = { event: "response.failed" | "error"; code: string; afterChunks: number };

type Conversation = {
  /** The script object this conversation runs; a different object under the same name restarts it. */
  script: Script;
  /** Turns completely served so far: the index of the next turn. */
  served: number;
  /** Faults already answered, by turn index. */
  faultsSpent: Map<number, number>;
};

/** Turn bookkeeping: which conversation a request belongs to and which turn it gets. */
export class ScriptRunner {
  readonly #conversations = new Map<string, Conversation>();

  constructor(readonly registry: ScriptRegistry) {}

  /** Forgets every conversation's progress and fault counts. */
  reset(): void {
    this.#conversations.clear();
  }

  /**
   * Decides how to answer a request. A compaction request is answered first,
   * with or without a script; otherwise the conversation's next turn is
   * served, after its fault (if any) has been answered `times` times.
   * `requestChars` (the body's length) feeds the default token estimate.
   */
  plan(view: RequestView, requestChars: number): TurnPlan {
    const compaction = compactionText(view);
    if (compaction !== undefined) {
      const selected = this.#select(view);
      const script = "script" in selected ? selected.script : undefined;
      const conversation = script?.compaction ? this.#conversation(`compaction:${script.name}`, script) : undefined;
      if (!script?.compaction || !conversation || conversation.served >= script.compaction.length) {
        const text = `Summary of earlier work: ${compaction.slice(0, 200)}`;
        return { kind: "serve", turn: resolveTurn({ text }, requestChars), served: () => {} };
      }
      return this.#serve(script, script.compaction, conversation, view, requestChars);
    }

    const selected = this.#select(view);
    if ("error" in selected) return { kind: "reject", message: selected.error };
    const { key, script } = selected;
    const reviewed = finishUnderReview(view);
    if (reviewed && !script.answersFinishReview) {
      const confirm: ScriptedTurn = { toolCalls: [{ name: "finish", input: reviewed }] };
      return { kind: "serve", turn: resolveTurn(confirm, requestChars), served: () => {} };
    }
    return this.#serve(script, script.turns, this.#conversation(key, script), view, requestChars);
  }

  /** The conversation's next turn from `turns`, after its fault (if any) has been answered `times` times. */
  #serve(script: Script, turns: Script["turns"], conversation: Conversation, view: RequestView, requestChars: number): TurnPlan {
    const index = conversation.served;
    let turn: ScriptedTurn;
    try {
      turn = scriptedTurn(turns, index, view);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: "reject", message: `Script "${script.name}" turn ${index} threw: ${reason}` };
    }

    const served = () => {
      conversation.served = Math.max(conversation.served, index + 1);
    };
    const fault = turn.fault;
    const spent = conversation.faultsSpent.get(index) ?? 0;
    if (!fault || spent >= fault.times) return { kind: "serve", turn: resolveTurn(turn, requestChars), served };

    conversation.faultsSpent.set(index, spent + 1);
    if (fault.kind === "http") return { kind: "http-fault", status: fault.status, retryAfterSeconds: fault.retryAfterSeconds };
    if (fault.kind === "response-error") {
      const responseError = { event: fault.event, code: fault.code, afterChunks: fault.afterChunks };
      return { kind: "serve", turn: resolveTurn(turn, requestChars), responseError, served };
    }
    if (fault.kind === "chunk-error") {
      const chunkError = { server: fault.server, error: fault.error, afterChunks: fault.afterChunks };
      return { kind: "serve", turn: resolveTurn(turn, requestChars), chunkError, served };
    }
    if (fault.kind === "stream-error")
      return {
        kind: "serve",
        turn: resolveTurn(turn, requestChars),
        streamError: { errorType: fault.errorType, afterChunks: fault.afterChunks },
        served,
      };
    return { kind: "serve", turn: resolveTurn(turn, requestChars), cutAfterChunks: fault.afterChunks, served };
  }

  /**
   * The marker in the first user message picks the script. The conversation is
   * the marker plus that message's own text (before any summary a compaction
   * appended), so two agents given different tasks with the same script — the
   * sub-runs of a multi-repo run — each get the whole script.
   */
  #select(view: RequestView): { key: string; script: Script } | { error: string } {
    const firstUser = view.messages.find((message) => message.role === "user");
    const match = firstUser?.text.match(SCRIPT_MARKER);
    if (match) {
      const script = this.registry.get(match[1]!);
      const task = (firstUser?.text ?? "").split("<summary-of-earlier-work>")[0]!.trim();
      const hash = createHash("sha256").update(task).digest("hex").slice(0, 16);
      if (script) return { key: match[2] ? match[0] : `${match[0]}:${hash}`, script };
      const known = this.registry.names().join(", ") || "none";
      return { error: `The fake model has no script named "${match[1]}" (registered: ${known}).` };
    }
    const fallback = this.registry.get(DEFAULT_SCRIPT);
    if (fallback) {
      const hash = createHash("sha256").update(`${view.system}\u0000${firstUser?.text ?? ""}`);
      return { key: `default:${hash.digest("hex").slice(0, 16)}`, script: fallback };
    }
    return {
      error: 'The fake model found no [[script:NAME]] marker in the first user message and no "default" script is registered.',
    };
  }

  #conversation(key: string, script: Script): Conversation {
    let conversation = this.#conversations.get(key);
    if (!conversation || conversation.script !== script) {
      conversation = { script, served: 0, faultsSpent: new Map() };
      this.#conversations.set(key, conversation);
    }
    return conversation;
  }
}

function scriptedTurn(turns: Script["turns"], index: number, view: RequestView): ScriptedTurn {
  const entry = turns[index];
  if (entry === undefined) return DONE_TURN;
  return typeof entry === "function" ? entry(view) : entry;
}

/** The input of the last turn's `finish` when the harness answered it with a review asking for finish again. */
function finishUnderReview(view: RequestView): Record<string, unknown> | undefined {
  const [assistant, results] = view.messages.slice(-2);
  if (assistant?.role !== "assistant" || results?.role !== "user") return undefined;
  const call = assistant.toolCalls.find((candidate) => candidate.name === "finish");
  const result = call && results.toolResults.find((candidate) => candidate.toolCallId === call.id);
  if (!result || !/call finish again/i.test(result.content)) return undefined;
  return typeof call.input === "object" && call.input !== null ? (call.input as Record<string, unknown>) : { summary: "Done." };
}

/** The text after the marker when the last user message asks for a summary. */
function compactionText(view: RequestView): string | undefined {
  const lastUser = view.messages.findLast((message) => message.role === "user");
  const text = lastUser?.text.trimStart();
  if (!text?.startsWith(COMPACTION_MARKER)) return undefined;
  return text.slice(COMPACTION_MARKER.length).trim();
}

function resolveTurn(turn: ScriptedTurn, requestChars: number): ResolvedTurn {
  const text = turn.text ?? "";
  const toolCalls = (turn.toolCalls ?? []).map((call) => ({ name: call.name, argumentsJson: argumentsJson(call.input) }));
  const responseChars = text.length + toolCalls.reduce((sum, call) => sum + call.name.length + call.argumentsJson.length, 0);
  return {
    text,
    toolCalls,
    usage: turn.usage ?? { inputTokens: estimateTokens(requestChars), outputTokens: estimateTokens(responseChars) },
    chunkSize: Math.max(1, turn.chunkSize ?? DEFAULT_CHUNK_SIZE),
    chunkDelayMs: turn.chunkDelayMs ?? 0,
    incomplete: turn.incomplete,
    refusal: turn.refusal,
    stopReason: turn.stopReason,
    empty: turn.empty ?? false,
    usageScripted: turn.usage !== undefined,
    thinking: turn.thinking,
    redactedThinking: turn.redactedThinking ?? false,
  };
}

function argumentsJson(input: ScriptedToolCall["input"]): string {
  const keys = Object.keys(input);
  if (keys.length === 1 && keys[0] === "rawJson" && typeof input.rawJson === "string") return input.rawJson;
  return JSON.stringify(input);
}

/** Roughly how tokenizers count English and JSON: four characters a token. */
export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

/** Splits text into pieces of `size` characters (code points, so no surrogate pair is split). */
export function chunkText(text: string, size: number): string[] {
  const chars = [...text];
  const pieces: string[] = [];
  for (let start = 0; start < chars.length; start += size) pieces.push(chars.slice(start, start + size).join(""));
  return pieces;
}

// ---------------------------------------------------------------------------
// Building request views (helpers for the provider files)
// ---------------------------------------------------------------------------

export function emptyView(provider: Provider): RequestView {
  return { provider, model: "", system: "", tools: [], messages: [] };
}

/** The entry to add content to: the last one when it has the same role (merging consecutive messages), else a new one. */
export function viewMessage(view: RequestView, role: "user" | "assistant"): RequestViewMessage {
  const last = view.messages.at(-1);
  if (last?.role === role) return last;
  const entry: RequestViewMessage = { role, text: "", images: 0, toolCalls: [], toolResults: [] };
  view.messages.push(entry);
  return entry;
}

export function appendText(entry: RequestViewMessage, text: string): void {
  if (text) entry.text = entry.text ? `${entry.text}\n${text}` : text;
}

/** Text of a string or of a list of `{ type: "text", text }` blocks/parts (other kinds skipped). */
export function textOfContent(content: unknown): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .flatMap((item) => {
      const block = asRecord(item);
      return block?.type === "text" && typeof block.text === "string" ? [block.text] : [];
    })
    .join("\n");
}

export function parseJsonOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string {
  return typeof value === "string" ? value : "";
}

// ---------------------------------------------------------------------------
// HTTP plumbing shared by both fakes
// ---------------------------------------------------------------------------

export type FakeModelOptions = { port?: number; scripts?: Script[] };

export type FakeModelServer = {
  /** The base URL to give the SDK (`baseURL`). */
  url: string;
  scripts: ScriptRegistry;
  /** Every request seen, oldest first. */
  requests: RecordedRequest[];
  /** Forgets recorded requests and every conversation's progress (scripts stay registered). */
  reset(): void;
  close(): Promise<void>;
};

/** One request, as handed to a provider's router. */
export type Exchange = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  path: string;
  rawBody: string;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  view: RequestView;
  runner: ScriptRunner;
};

export type ProviderAdapter = {
  provider: Provider;
  /** Appended to the server's origin to make `url` (OpenAI's SDK expects the `/v1` in its base URL). */
  basePath: string;
  viewOf(body: unknown): RequestView;
  route(exchange: Exchange): Promise<void>;
  /** Answers a request the router threw on (a bug in the fake), in the provider's error format. */
  internalError(res: http.ServerResponse, message: string): void;
};

export async function startModelServer(adapter: ProviderAdapter, options: FakeModelOptions = {}): Promise<FakeModelServer> {
  const registry = new ScriptRegistry(options.scripts ?? []);
  const runner = new ScriptRunner(registry);
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else adapter.internalError(res, error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const rawBody = await readBody(req);
    const body = parseJsonBody(rawBody);
    const view = body === undefined ? emptyView(adapter.provider) : adapter.viewOf(body);
    requests.push({
      provider: adapter.provider,
      method,
      path,
      headers: redactHeaders(req.headers),
      body: body ?? null,
      view,
      at: Date.now(),
    });
    await adapter.route({ req, res, method, path, rawBody, body, view, runner });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${adapter.basePath}`,
    scripts: registry,
    requests,
    reset() {
      requests.length = 0;
      runner.reset();
    },
    close() {
      // SDK clients keep connections alive, and a test may leave a slow stream open: drop them all.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const REDACTED_HEADERS = new Set(["authorization", "x-api-key", "api-key"]);

function redactHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    result[lower] = REDACTED_HEADERS.has(lower) ? "<redacted>" : Array.isArray(value) ? value.join(", ") : value;
  }
  return result;
}

function readBody(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJsonBody(raw: string): unknown {
  if (!raw.trim()) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The `cut` fault for a non-streaming response: the status line, headers and
 * half the body go out, then the socket is destroyed, like a connection
 * dropped mid-response.
 */
export function sendTruncatedJson(res: http.ServerResponse, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...headers });
  res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
}

export function randomId(prefix: string, length = 24): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/**
 * Writes Server-Sent Events one at a time, with the turn's delay between them,
 * and carries out a `cut` fault. `send` and `finish` report false once the
 * client has gone away (a cancelled stream) or the cut happened; the caller
 * then stops, and the turn does not count as served.
 */
export class SseWriter {
  #sent = 0;
  #closed = false;

  constructor(
    private readonly res: http.ServerResponse,
    headers: Record<string, string>,
    private readonly options: { delayMs: number; cutAfter?: number },
  ) {
    res.on("close", () => {
      this.#closed = true;
    });
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", ...headers });
    // Send the status and headers now, as the real APIs do, so the SDK's request resolves before the first event.
    res.flushHeaders();
  }

  async send(frame: string): Promise<boolean> {
    if (this.#sent > 0 && this.options.delayMs > 0) await sleep(this.options.delayMs);
    if (this.#cutNow()) return false;
    // Wait until the frame is handed to the socket, so a cut right after it cannot swallow it.
    await new Promise<void>((resolve) => this.res.write(frame, () => resolve()));
    this.#sent++;
    return !this.#closed;
  }

  async finish(): Promise<boolean> {
    // A cut later than the last event still breaks the stream: the body is never terminated.
    if (this.#cutNow() || this.options.cutAfter !== undefined) {
      this.#destroy();
      return false;
    }
    await new Promise<void>((resolve) => this.res.end(() => resolve()));
    return true;
  }

  #cutNow(): boolean {
    if (this.#closed) return true;
    if (this.options.cutAfter === undefined || this.#sent < this.options.cutAfter) return false;
    this.#destroy();
    return true;
  }

  #destroy() {
    this.#closed = true;
    this.res.destroy();
  }
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
