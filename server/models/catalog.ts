import type { AgentProvider } from "../../db/schema";
import type { Usage } from "./types";

/** What a model's tokens cost, in US dollars per million tokens. */
export type ModelPrice = {
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** Prompt tokens written to the cache; unset: priced as input. */
  cacheWriteUsdPerMillion?: number;
  /** Prompt tokens read from the cache; unset: priced as input. */
  cacheReadUsdPerMillion?: number;
};

/**
 * Models offered in the pickers, their context windows and list prices. Any
 * other model name may be used — e.g. a self-hosted one behind OPENAI_BASE_URL —
 * once the workspace gives it a price (a model price override); it gets the
 * default context budget.
 */
export type ModelInfo = ModelPrice & {
  id: string;
  provider: AgentProvider;
  label: string;
  contextTokens: number;
  maxOutputTokens: number;
  /** Claude's extended thinking (`thinking: { type: "enabled" }`) is available. */
  thinking?: boolean;
};

/** List prices. Anthropic's 5-minute cache: writes cost 1.25× the input price, reads 0.1×. */
export const MODELS: ModelInfo[] = [
  {
    id: "claude-sonnet-4-6",
    provider: "claude",
    label: "Claude Sonnet 4.6",
    contextTokens: 200_000,
    maxOutputTokens: 16_000,
    inputUsdPerMillion: 3,
    outputUsdPerMillion: 15,
    cacheWriteUsdPerMillion: 3.75,
    cacheReadUsdPerMillion: 0.3,
    thinking: true,
  },
  {
    id: "claude-opus-4-7",
    provider: "claude",
    label: "Claude Opus 4.7",
    contextTokens: 200_000,
    maxOutputTokens: 16_000,
    inputUsdPerMillion: 5,
    outputUsdPerMillion: 25,
    cacheWriteUsdPerMillion: 6.25,
    cacheReadUsdPerMillion: 0.5,
    thinking: true,
  },
  {
    id: "claude-haiku-4-5",
    provider: "claude",
    label: "Claude Haiku 4.5",
    contextTokens: 200_000,
    maxOutputTokens: 16_000,
    inputUsdPerMillion: 1,
    outputUsdPerMillion: 5,
    cacheWriteUsdPerMillion: 1.25,
    cacheReadUsdPerMillion: 0.1,
    thinking: true,
  },
  {
    id: "gpt-5.1-codex",
    provider: "codex",
    label: "GPT-5.1 Codex",
    contextTokens: 400_000,
    maxOutputTokens: 32_000,
    inputUsdPerMillion: 1.25,
    outputUsdPerMillion: 10,
    cacheReadUsdPerMillion: 0.125,
  },
  {
    id: "gpt-5-codex",
    provider: "codex",
    label: "GPT-5 Codex",
    contextTokens: 400_000,
    maxOutputTokens: 32_000,
    inputUsdPerMillion: 1.25,
    outputUsdPerMillion: 10,
    cacheReadUsdPerMillion: 0.125,
  },
  {
    id: "gpt-5-mini",
    provider: "codex",
    label: "GPT-5 mini",
    contextTokens: 400_000,
    maxOutputTokens: 32_000,
    inputUsdPerMillion: 0.25,
    outputUsdPerMillion: 2,
    cacheReadUsdPerMillion: 0.025,
  },
  {
    id: "gpt-4.1",
    provider: "codex",
    label: "GPT-4.1",
    contextTokens: 1_000_000,
    maxOutputTokens: 32_000,
    inputUsdPerMillion: 2,
    outputUsdPerMillion: 8,
    cacheReadUsdPerMillion: 0.5,
  },
];

export const DEFAULT_MODEL: Record<AgentProvider, string> = { claude: "claude-sonnet-4-6", codex: "gpt-5.1-codex" };

const FALLBACK = { contextTokens: 128_000, maxOutputTokens: 8_000 };

export function modelInfo(model: string): ModelInfo | undefined {
  return MODELS.find((entry) => entry.id === model);
}

export function contextBudget(model: string, override?: number) {
  return override ?? modelInfo(model)?.contextTokens ?? FALLBACK.contextTokens;
}

export function maxOutputTokens(model: string) {
  return modelInfo(model)?.maxOutputTokens ?? FALLBACK.maxOutputTokens;
}

/**
 * Cost in millionths of a dollar: integers all the way, so sums never drift.
 * Reasoning and thinking tokens are part of `outputTokens`, so they are priced as output, once.
 */
export function costMicroUsd(price: ModelPrice, usage: Usage) {
  return Math.round(
    usage.inputTokens * price.inputUsdPerMillion +
      (usage.cacheWriteTokens ?? 0) * (price.cacheWriteUsdPerMillion ?? price.inputUsdPerMillion) +
      (usage.cacheReadTokens ?? 0) * (price.cacheReadUsdPerMillion ?? price.inputUsdPerMillion) +
      usage.outputTokens * price.outputUsdPerMillion,
  );
}
