import type { AgentMode } from "../../../db/schema";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { ToolSpec } from "../types";
import { filesUnder, readTextFile, walk } from "./files";
import { commandEnvironment, runCommand } from "./run-command";
import { displayPath, resolveInWorkspace, ToolError } from "./workspace-path";

export type ToolContext = {
  root: string;
  signal?: AbortSignal;
  commandTimeoutSeconds: number;
  /** Extra environment for commands (the run's env vars); never the app's own. */
  commandEnv?: Record<string, string>;
};

/** What a tool returns to the model; `finish` also ends the loop. */
export type ToolOutcome = { content: string; isError?: boolean; finished?: { summary: string } };

type Tool<Input> = {
  name: string;
  description: string;
  input: z.ZodType<Input>;
  /** A custom tool's own JSON Schema (used as is instead of one derived from `input`). */
  jsonSchema?: Record<string, unknown>;
  writes: boolean;
  run(input: Input, context: ToolContext): Promise<ToolOutcome>;
};

const MAX_READ_BYTES = 1_000_000;
const MAX_READ_LINES = 2_000;
const MAX_MATCHES = 200;

function defineTool<Input>(tool: Tool<Input>) {
  return tool;
}

const listFiles = defineTool({
  name: "list_files",
  description: "List files and folders (folders end in /) under a workspace path.",
  input: z.object({
    path: z.string().default(".").describe("Folder relative to the workspace root."),
    depth: z.number().int().min(1).max(6).default(2).describe("Levels to descend."),
  }),
  writes: false,
  async run(input, context) {
    const dir = resolveInWorkspace(context.root, input.path);
    const { entries, truncated } = await walk(dir, dir, { maxDepth: input.depth, limit: 500 });
    if (entries.length === 0) return { content: "(empty)" };
    return { content: entries.join("\n") + (truncated ? "\n… more entries omitted; list a subfolder." : "") };
  },
});

const readFileTool = defineTool({
  name: "read_file",
  description: "Read a text file; lines are numbered. Use start_line/end_line for a range.",
  input: z.object({
    path: z.string(),
    start_line: z.number().int().min(1).optional(),
    end_line: z.number().int().min(1).optional(),
  }),
  writes: false,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    const result = await readTextFile(file, MAX_READ_BYTES).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ToolError(`${input.path} does not exist.`);
      if (error.code === "EISDIR") throw new ToolError(`${input.path} is a folder; use list_files.`);
      throw error;
    });
    if ("error" in result) throw new ToolError(`${input.path} is ${result.error === "binary" ? "a binary file" : result.error}.`);
    const lines = result.text.split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    const start = input.start_line ?? 1;
    const end = Math.min(input.end_line ?? lines.length, lines.length, start + MAX_READ_LINES - 1);
    if (start > lines.length) throw new ToolError(`${input.path} has only ${lines.length} lines.`);
    const width = String(end).length;
    const body = lines
      .slice(start - 1, end)
      .map((line, index) => `${String(start + index).padStart(width)}  ${line}`)
      .join("\n");
    const more = end < lines.length ? `\n… lines ${end + 1}–${lines.length} not shown.` : "";
    return { content: body + more };
  },
});

const searchText = defineTool({
  name: "search_text",
  description: "Search files for text (or a regular expression); returns path:line: text matches.",
  input: z.object({
    pattern: z.string().min(1),
    path: z.string().default("."),
    regex: z.boolean().default(false),
    ignore_case: z.boolean().default(false),
  }),
  writes: false,
  async run(input, context) {
    const dir = resolveInWorkspace(context.root, input.path);
    let matcher: RegExp;
    try {
      const source = input.regex ? input.pattern : input.pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      matcher = new RegExp(source, input.ignore_case ? "i" : "");
    } catch (error) {
      throw new ToolError(`Invalid regular expression: ${(error as Error).message}`);
    }
    const matches: string[] = [];
    for await (const file of filesUnder(dir)) {
      const result = await readTextFile(file, MAX_READ_BYTES).catch(() => ({ error: "unreadable" as const }));
      if ("error" in result) continue;
      const lines = result.text.split("\n");
      for (let index = 0; index < lines.length; index++) {
        if (!matcher.test(lines[index]!)) continue;
        matches.push(`${displayPath(context.root, file)}:${index + 1}: ${lines[index]!.slice(0, 300)}`);
        if (matches.length >= MAX_MATCHES)
          return { content: matches.join("\n") + "\n… more matches omitted; narrow the search." };
      }
    }
    return { content: matches.length ? matches.join("\n") : "No matches." };
  },
});

const writeFileTool = defineTool({
  name: "write_file",
  description: "Create or overwrite a file with the given content (folders are created).",
  input: z.object({ path: z.string(), content: z.string() }),
  writes: true,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, input.content);
    return { content: `Wrote ${displayPath(context.root, file)} (${input.content.split("\n").length} lines).` };
  },
});

const editFile = defineTool({
  name: "edit_file",
  description:
    "Replace an exact string in a file. old_string must match exactly once unless replace_all is true; include enough context to be unique.",
  input: z.object({
    path: z.string(),
    old_string: z.string().min(1),
    new_string: z.string(),
    replace_all: z.boolean().default(false),
  }),
  writes: true,
  async run(input, context) {
    const file = resolveInWorkspace(context.root, input.path);
    const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ToolError(`${input.path} does not exist; use write_file to create it.`);
      throw error;
    });
    const count = text.split(input.old_string).length - 1;
    if (count === 0) throw new ToolError(`old_string was not found in ${input.path}. Read the file and copy the text exactly.`);
    if (count > 1 && !input.replace_all)
      throw new ToolError(`old_string occurs ${count} times in ${input.path}; add context to make it unique or set replace_all.`);
    const updated = input.replace_all
      ? text.split(input.old_string).join(input.new_string)
      : text.replace(input.old_string, () => input.new_string);
    await writeFile(file, updated);
    return { content: `Edited ${input.path} (${count} replacement${count === 1 ? "" : "s"}).` };
  },
});

const runCommandTool = defineTool({
  name: "run_command",
  description: "Run a shell command in the workspace root (no network credentials). Returns exit code and output.",
  input: z.object({
    command: z.string().min(1).max(10_000),
    timeout_seconds: z.number().int().min(1).max(3_600).optional(),
  }),
  writes: true,
  async run(input, context) {
    const limit = Math.min(input.timeout_seconds ?? context.commandTimeoutSeconds, context.commandTimeoutSeconds);
    const result = await runCommand({
      command: input.command,
      cwd: context.root,
      timeoutMs: limit * 1000,
      env: commandEnvironment(context.root, context.commandEnv),
      signal: context.signal,
    });
    if (result.timedOut) return { content: `Timed out after ${limit} s.\n${result.output}`, isError: true };
    return { content: `exit code ${result.exitCode ?? "killed"}\n${result.output}`, isError: result.exitCode !== 0 };
  },
});

const finish = defineTool({
  name: "finish",
  description: "End the run. summary: what you did and why (markdown); for plan/review runs, the full plan or review.",
  input: z.object({ summary: z.string().min(1) }),
  writes: false,
  async run(input) {
    return { content: "Finished.", finished: { summary: input.summary } };
  },
});

const ALL_TOOLS = [listFiles, readFileTool, searchText, writeFileTool, editFile, runCommandTool, finish] as Tool<unknown>[];

/** The tools a mode may use: plan and review only read. */
export function toolsForMode(mode: AgentMode) {
  const readOnly = mode === "plan" || mode === "review";
  return ALL_TOOLS.filter((tool) => !readOnly || !tool.writes);
}

export function toolSpecs(tools: Tool<unknown>[]): ToolSpec[] {
  return tools.map((tool) => {
    if (tool.jsonSchema) return { name: tool.name, description: tool.description, inputSchema: tool.jsonSchema };
    const schema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
    delete schema.$schema;
    return { name: tool.name, description: tool.description, inputSchema: schema };
  });
}

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

export type { Tool };
