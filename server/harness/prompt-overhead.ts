import { getEncoding } from "js-tiktoken";
import type { AgentMode, AgentProvider } from "../../db/schema";
import { buildSystemPrompt } from "./prompts";
import { toolSpecs, toolsForMode } from "./tools";

/**
 * The fixed prompt overhead of a run — system prompt (no custom layers) plus
 * the tool schemas as sent — in o200k tokens (OpenAI's tokenizer; Claude's
 * counts are within a few percent for English and JSON).
 */
export function promptOverheadTokens(provider: AgentProvider, mode: AgentMode) {
  const encoding = getEncoding("o200k_base");
  const system = buildSystemPrompt({ provider, mode, layers: [] });
  const tools = JSON.stringify(
    toolSpecs(toolsForMode(mode, { provider })).map((tool) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema,
    })),
  );
  return { system: encoding.encode(system).length, tools: encoding.encode(tools).length };
}
