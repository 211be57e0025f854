import { describe, expect, it } from "vitest";
import { costMicroUsd, modelInfo, MODELS } from "./catalog";

describe("model prices", () => {
  it("prices fresh input, cache writes (1.25×), cache reads (0.1×) and output apart for Claude", () => {
    // Sonnet 4.6: $3 input, $3.75 cache write, $0.30 cache read, $15 output per million.
    expect(costMicroUsd(modelInfo("claude-sonnet-4-6")!, { inputTokens: 1_000_000, outputTokens: 0 })).toBe(3_000_000);
    expect(costMicroUsd(modelInfo("claude-sonnet-4-6")!, { inputTokens: 0, cacheWriteTokens: 1_000_000, outputTokens: 0 })).toBe(
      3_750_000,
    );
    expect(costMicroUsd(modelInfo("claude-sonnet-4-6")!, { inputTokens: 0, cacheReadTokens: 1_000_000, outputTokens: 0 })).toBe(
      300_000,
    );
    expect(
      costMicroUsd(modelInfo("claude-sonnet-4-6")!, {
        inputTokens: 100,
        cacheWriteTokens: 200,
        cacheReadTokens: 1_000,
        outputTokens: 10,
      }),
    ).toBe(Math.round(100 * 3 + 200 * 3.75 + 1_000 * 0.3 + 10 * 15));
    for (const model of MODELS.filter((entry) => entry.provider === "claude")) {
      expect(model.cacheWriteUsdPerMillion).toBeCloseTo(model.inputUsdPerMillion * 1.25);
      expect(model.cacheReadUsdPerMillion).toBeCloseTo(model.inputUsdPerMillion * 0.1);
    }
  });

  it("prices OpenAI's cached input at its own rate, cache writes as input where a model sets no write price", () => {
    // GPT-5.1 Codex: $1.25 input, $0.125 cached input; OpenAI bills no cache writes.
    expect(costMicroUsd(modelInfo("gpt-5.1-codex")!, { inputTokens: 0, cacheReadTokens: 1_000_000, outputTokens: 0 })).toBe(
      125_000,
    );
    const info = MODELS.find((entry) => entry.cacheWriteUsdPerMillion === undefined)!;
    expect(costMicroUsd(info, { inputTokens: 0, cacheWriteTokens: 1_000_000, outputTokens: 0 })).toBe(
      info.inputUsdPerMillion * 1_000_000,
    );
    expect(modelInfo("my-local-model")).toBeUndefined();
  });

  it("prices thinking as output: the tokens Claude reports as output include its thinking", () => {
    // Haiku 4.5: $5 per million output tokens; 3,000 thinking + 1,000 answer are 4,000 output tokens.
    expect(costMicroUsd(modelInfo("claude-haiku-4-5")!, { inputTokens: 0, outputTokens: 4_000, reasoningTokens: 3_000 })).toBe(
      20_000,
    );
  });
});
