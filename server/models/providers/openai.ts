import type OpenAI from "openai";
import type { AgentMode } from "../../../db/schema";
import { ModelError, TransientModelError, type ModelClient, type ReasoningEffort } from "../types";
import { toModelError } from "./errors";
import { streamChatTurn } from "./openai-chat";
import { streamResponsesTurn } from "./openai-responses";

/** Which OpenAI API `codex` speaks: the Responses API (OpenAI's own, the only one serving Codex models) or Chat Completions. */
export type OpenAIApi = "responses" | "chat-completions";

/**
 * Codex through the Responses API, or any OpenAI-compatible server (vLLM,
 * Ollama, LM Studio) through Chat Completions — the API those implement.
 * `cacheKey` and `reasoningEffort` apply to every call that does not set its own.
 */
export function createCodexClient(options: {
  apiKey?: string;
  baseURL?: string;
  api: OpenAIApi;
  maxRetries?: number;
  cacheKey?: string;
  reasoningEffort?: ReasoningEffort;
}): ModelClient {
  // The SDK is loaded with the first call: a process that never runs Codex never pays for it.
  let connected: Promise<{ sdk: typeof OpenAI; client: OpenAI }> | undefined;
  const connect = () =>
    (connected ??= import("openai").then(({ default: sdk }) => ({
      sdk,
      client: new sdk({
        // Self-hosted servers often need no key; the SDK insists on one.
        apiKey: options.apiKey ?? "not-needed",
        baseURL: options.baseURL,
        maxRetries: options.maxRetries ?? 4,
      }),
    })));
  const streamTurn = options.api === "responses" ? streamResponsesTurn : streamChatTurn;
  return {
    provider: "codex",
    async complete(request) {
      const { sdk, client } = await connect();
      try {
        return await streamTurn(client, {
          ...request,
          cacheKey: request.cacheKey ?? options.cacheKey,
          reasoningEffort: request.reasoningEffort ?? options.reasoningEffort,
        });
      } catch (error) {
        // Already sorted by the turn (a failed or refused response).
        if (error instanceof ModelError || error instanceof TransientModelError) throw error;
        const sorted = toModelError(error, sdk);
        if (sorted instanceof ModelError && sorted.status === 404 && /v1\/responses/.test(sorted.message)) {
          throw new ModelError(
            `${request.model} is served only on OpenAI's Responses API: set OPENAI_API=responses (${sorted.message})`,
            404,
            { cause: error },
          );
        }
        throw sorted;
      }
    },
  };
}

/**
 * Plan and review are one long read-and-judge pass whose output is the whole
 * product, so they think harder; implement and bugfix take many short tool
 * turns, where medium (OpenAI's default, and what Codex CLI uses) keeps each turn quick.
 */
export function reasoningEffortFor(mode: AgentMode): ReasoningEffort {
  return mode === "plan" || mode === "review" ? "high" : "medium";
}
