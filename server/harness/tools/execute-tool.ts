import type { Tool, ToolContext, ToolOutcome } from "./tool";
import { ToolError } from "./workspace-path";

/**
 * Runs one tool call. Every failure — unknown tool, invalid arguments, a path
 * outside the workspace — becomes an error result the model can read and fix.
 */
export async function executeTool(
  tools: Tool<unknown>[],
  call: { name: string; input: unknown; invalidInput?: string },
  context: ToolContext,
): Promise<ToolOutcome> {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) return { content: `Unknown tool "${call.name}". Available: ${tools.map((t) => t.name).join(", ")}.`, isError: true };
  if (call.invalidInput !== undefined)
    return { content: `The arguments were not valid JSON: ${call.invalidInput.slice(0, 500)}`, isError: true };
  const parsed = tool.input.safeParse(call.input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
    return { content: `Invalid arguments for ${tool.name}: ${problems}`, isError: true };
  }
  try {
    return await tool.run(parsed.data, context);
  } catch (error) {
    if (error instanceof ToolError) return { content: error.message, isError: true };
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { content: `${tool.name} failed: ${code} ${(error as Error).message}`, isError: true };
    if (context.signal?.aborted) throw error;
    // Anything else a tool throws (a custom tool's fetch refused, say) is the model's to handle, not the run's end.
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause?.code;
    const message = error instanceof Error ? error.message : String(error);
    return { content: `${tool.name} failed: ${message}${cause ? ` (${cause})` : ""}`, isError: true };
  }
}
