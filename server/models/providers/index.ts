import { assertNoOpenTransaction } from "../../../db/client";
import type { AgentMode, AgentProvider } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import type { ModelClient } from "../types";
import { createClaudeClient, thinkingBudgetFor } from "./anthropic";
import { createCodexClient, reasoningEffortFor } from "./openai";

/** Whether this server can call the provider: Claude needs a key; Codex a key or a base URL (self-hosted). */
export function providerConfigured(env: Env, provider: AgentProvider) {
  return provider === "claude" ? Boolean(env.ANTHROPIC_API_KEY) : Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}

/**
 * A client for one provider. With `run`, every call of the run shares one prompt cache
 * key (OpenAI) and thinks as hard as the run's mode needs (OpenAI's reasoning effort,
 * Claude's extended thinking).
 */
export function createModelClient(
  env: Env,
  provider: AgentProvider,
  run?: { id: number | string; mode: AgentMode },
): ModelClient {
  if (!providerConfigured(env, provider)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      provider === "claude"
        ? "Claude is not configured on this server: set ANTHROPIC_API_KEY."
        : "Codex is not configured on this server: set OPENAI_API_KEY or OPENAI_BASE_URL.",
    );
  }
  const client = provider === "claude"
    ? createClaudeClient({
        apiKey: env.ANTHROPIC_API_KEY!,
        baseURL: env.ANTHROPIC_BASE_URL,
        thinkingBudgetTokens: run && thinkingBudgetFor(run.mode),
      })
    : createCodexClient({
        apiKey: env.OPENAI_API_KEY,
        baseURL: env.OPENAI_BASE_URL,
        // A base URL is most often a self-hosted server, and those implement Chat Completions.
        api: env.OPENAI_API ?? (env.OPENAI_BASE_URL ? "chat-completions" : "responses"),
        cacheKey: run && `run-${run.id}`,
        reasoningEffort: run && reasoningEffortFor(run.mode),
      });
  return {
    provider: client.provider,
    complete(request) {
      assertNoOpenTransaction(provider === "claude" ? "Anthropic" : "OpenAI");
      return client.complete(request);
    },
  };
}
