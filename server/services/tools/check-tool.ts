import { BUILT_IN_TOOL_NAMES } from "../../harness/tools";
import { AppError } from "../../errors";

const BUILT_IN = new Set<string>(BUILT_IN_TOOL_NAMES);

export function checkTool(input: { name?: string; endpointUrl?: string; inputSchema?: Record<string, unknown> }) {
  if (input.name !== undefined && BUILT_IN.has(input.name)) throw new AppError("CONFLICT", `"${input.name}" is a built-in tool.`);
  if (input.endpointUrl !== undefined) {
    const url = new URL(input.endpointUrl);
    if (!["https:", "http:"].includes(url.protocol)) throw new AppError("BAD_REQUEST", "Tool endpoints are http(s) URLs.");
  }
  if (input.inputSchema !== undefined && input.inputSchema.type !== "object")
    throw new AppError("BAD_REQUEST", 'A tool\'s input schema must be a JSON Schema with "type": "object".');
}
