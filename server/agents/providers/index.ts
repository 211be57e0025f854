import type { AgentProvider } from "../../../db/schema";
import type { Env } from "../../env.server";
import { AppError } from "../../errors";
import type { ModelClient } from "../types";
import { createClaudeClient } from "./anthropic";
import { createCodexClient } from "./openai";

/** Whether this server can call the provider: Claude needs a key; Codex a key or a base URL (self-hosted). */
export function providerConfigured(env: Env, provider: AgentProvider) {
  return provider === "claude" ? Boolean(env.ANTHROPIC_API_KEY) : Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}

export function createModelClient(env: Env, provider: AgentProvider): ModelClient {
  if (!providerConfigured(env, provider)) {
    throw new AppError(
      "PRECONDITION_FAILED",
      provider === "claude"
        ? "Claude is not configured on this server: set ANTHROPIC_API_KEY."
        : "Codex is not configured on this server: set OPENAI_API_KEY or OPENAI_BASE_URL.",
    );
  }
  return provider === "claude"
    ? createClaudeClient({ apiKey: env.ANTHROPIC_API_KEY!, baseURL: env.ANTHROPIC_BASE_URL })
    : createCodexClient({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL });
}
