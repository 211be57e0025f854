import type { z } from "zod";

export type ToolContext = {
  root: string;
  signal?: AbortSignal;
  commandTimeoutSeconds: number;
  /** Extra environment for commands (the run's env vars); never the app's own. */
  commandEnv?: Record<string, string>;
  /** The commit the run started from, which its diff is taken against (default HEAD). */
  baseRef?: string;
};

/** What a tool returns to the model; `finish` also ends the loop. */
export type ToolOutcome = { content: string; isError?: boolean; finished?: { summary: string } };

export type Tool<Input> = {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  /** A custom tool's own JSON Schema (used as is instead of one derived from `input`). */
  jsonSchema?: Record<string, unknown>;
  writes: boolean;
  /** Only reads the workspace, so it may run beside the turn's other such calls. */
  concurrent?: boolean;
  run(input: Input, context: ToolContext): Promise<ToolOutcome>;
};

export function defineTool<Input>(tool: Tool<Input>) {
  return tool;
}
