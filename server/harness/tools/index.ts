import type { AgentMode, AgentProvider } from "../../../db/schema";
import { z } from "zod";
import type { ToolSpec } from "../../models/types";
import { applyPatchTool } from "./apply-patch-tool";
import { editFile } from "./edit-file";
import { finish } from "./finish";
import { finishAfterReview } from "./finish-after-review";
import { listFiles } from "./list-files";
import { readFileTool } from "./read-file";
import { runCommandTool } from "./run-command-tool";
import { searchText } from "./search-text";
import type { Tool, ToolContext, ToolOutcome } from "./tool";
import { writeFileTool } from "./write-file";

/** The run's command time limit when none is given (AGENT_COMMAND_TIMEOUT_SECONDS's default). */
const DEFAULT_COMMAND_TIMEOUT_SECONDS = 120;

/** Every built-in tool's name, custom tools may not take one. */
export const BUILT_IN_TOOL_NAMES = [
  "list_files",
  "read_file",
  "search_text",
  "write_file",
  "edit_file",
  "apply_patch",
  "run_command",
  "finish",
] as const;

/**
 * The tools a run may use: plan and review only read; Codex models also get
 * `apply_patch`, the edit format they are trained on. `commandTimeoutSeconds`
 * is the run's real command limit, so run_command's schema offers no more.
 */
export function toolsForMode(
  mode: AgentMode,
  options: { provider?: AgentProvider; commandTimeoutSeconds?: number } = {},
): Tool<unknown>[] {
  const tools = [
    listFiles,
    readFileTool,
    searchText,
    writeFileTool,
    editFile,
    ...(options.provider === "codex" ? [applyPatchTool] : []),
    runCommandTool(options.commandTimeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS),
  ] as Tool<unknown>[];
  const readOnly = mode === "plan" || mode === "review";
  // Runs that open a pull request review their diff before they end; plan and review runs deliver text.
  tools.push(readOnly ? (finish as Tool<unknown>) : finishAfterReview());
  return tools.filter((tool) => !readOnly || !tool.writes);
}

export function toolSpecs(tools: Tool<unknown>[]): ToolSpec[] {
  return tools.map((tool) => {
    if (tool.jsonSchema) return { name: tool.name, description: tool.description, inputSchema: tool.jsonSchema };
    const schema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
    delete schema.$schema;
    return { name: tool.name, description: tool.description, inputSchema: schema };
  });
}

export { executeTool } from "./execute-tool";
export { executeToolCalls, type ToolCallEvent } from "./execute-tool-calls";
export type { Tool, ToolContext, ToolOutcome };
