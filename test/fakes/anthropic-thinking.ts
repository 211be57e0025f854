import { createHmac, randomBytes } from "node:crypto";
import { asArray, asRecord, asString } from "./model-script";

/**
 * Extended thinking as the Messages API documents it
 * (docs.claude.com/en/docs/build-with-claude/extended-thinking):
 * `thinking: { type: "enabled", budget_tokens }` with 1024 ≤ budget_tokens < max_tokens and
 * no temperature but 1; thinking blocks streamed as `thinking_delta`s then one
 * `signature_delta`; and, during tool use, the assistant message before the last
 * tool results must start with the thinking block the API sent, signature intact.
 */
export const THINKING_DOCS = "https://docs.claude.com/en/docs/build-with-claude/extended-thinking";

// Per process: a signature from another fake (or a forged one) does not verify, as with the real API.
const KEY = randomBytes(32);

export function signThinking(thinking: string) {
  return createHmac("sha256", KEY).update(thinking).digest("base64");
}

/** Encrypted reasoning: opaque to the client, verified when it comes back. */
export function redactedThinkingData() {
  const nonce = randomBytes(12).toString("base64");
  return `${nonce}.${createHmac("sha256", KEY).update(nonce).digest("base64")}`;
}

export function thinkingEnabled(body: Record<string, unknown>) {
  return asRecord(body.thinking)?.type === "enabled";
}

/** The 400 the API answers for a thinking request it refuses, or undefined. */
export function thinkingProblem(body: Record<string, unknown>): string | undefined {
  const signed = signatureProblem(asArray(body.messages));
  if (signed) return signed;
  if (!thinkingEnabled(body)) return undefined;
  const budget = asRecord(body.thinking)?.budget_tokens;
  if (typeof budget !== "number") return "thinking.enabled.budget_tokens: Field required";
  if (budget < 1024) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
  if (typeof body.max_tokens === "number" && body.max_tokens <= budget)
    return `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${THINKING_DOCS}#max-tokens-and-context-window-size`;
  if (body.temperature !== undefined && body.temperature !== 1)
    return `\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`;
  return toolUseProblem(asArray(body.messages));
}

/** A final assistant turn answered by tool results must open with its thinking. */
function toolUseProblem(messages: unknown[]): string | undefined {
  const last = asRecord(messages.at(-1));
  const answersTools = last?.role === "user" && asArray(last.content).some((block) => asRecord(block)?.type === "tool_result");
  if (!answersTools) return undefined;
  const index = messages.length - 2;
  const assistant = asRecord(messages[index]);
  if (assistant?.role !== "assistant") return undefined;
  const first = asRecord(asArray(assistant.content)[0]);
  const type = asString(first?.type) || "text";
  if (type === "thinking" || type === "redacted_thinking") return undefined;
  return (
    `messages.${index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${type}\`. ` +
    "When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of " +
    "`tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this " +
    `requirement, disable \`thinking\`. Please consult our documentation at ${THINKING_DOCS}`
  );
}

/** Thinking blocks come back unchanged or not at all: an edited one fails its signature. */
function signatureProblem(messages: unknown[]): string | undefined {
  for (const [m, message] of messages.entries()) {
    if (asRecord(message)?.role !== "assistant") continue;
    for (const [c, item] of asArray(asRecord(message)?.content).entries()) {
      const block = asRecord(item);
      if (block?.type === "thinking" && block.signature !== signThinking(asString(block.thinking)))
        return `messages.${m}.content.${c}: Invalid \`signature\` in \`thinking\` block`;
      if (block?.type === "redacted_thinking") {
        const [nonce, mac] = asString(block.data).split(".");
        if (!nonce || mac !== createHmac("sha256", KEY).update(nonce).digest("base64"))
          return `messages.${m}.content.${c}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
    }
  }
  return undefined;
}
