import { describe, expect, it } from "vitest";
import { promptOverheadTokens } from "./prompt-overhead";
import { buildSystemPrompt } from "./prompts";

describe("prompt overhead", () => {
  it.each(
    (["claude", "codex"] as const).flatMap((provider) =>
      (["plan", "implement", "bugfix", "review"] as const).map((mode) => [provider, mode] as const),
    ),
  )("%s %s: an operating prompt of 1–2k tokens, with the tool schemas under 6,000", (provider, mode) => {
    const { system, tools } = promptOverheadTokens(provider, mode);
    console.log(`prompt_overhead_tokens_${provider}_${mode}=${system + tools} (system ${system}, tools ${tools})`);
    expect(system).toBeGreaterThanOrEqual(1_000);
    expect(system).toBeLessThanOrEqual(2_000);
    expect(tools).toBeGreaterThan(100);
    expect(system + tools).toBeLessThan(6_000);
  });

  it("layers instructions in order, each labelled with its source", () => {
    const prompt = buildSystemPrompt({
      provider: "claude",
      mode: "implement",
      layers: [
        { source: "default", text: "Default rule." },
        { source: "tenant: Style", text: "Tenant rule." },
        { source: "project: API", text: "Project rule." },
        { source: "ticket: Scope", text: "  " },
        { source: "AGENTS.md", text: "Repo rule." },
      ],
    });
    const order = ["Mode: IMPLEMENT", "Default rule.", "Tenant rule.", "Project rule.", "Repo rule."].map((text) =>
      prompt.indexOf(text),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(prompt).toContain('<instructions source="AGENTS.md">');
    expect(prompt).not.toContain('source="ticket: Scope"');
  });
});
