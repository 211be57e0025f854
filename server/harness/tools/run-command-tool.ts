import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { commandEnvironment, gitSafeDirectory, runCommand } from "./run-command";
import { commandHomeFor, prepareScratch, SCRATCH_DIR } from "./scratch";
import { defineTool } from "./tool";

// About 10 KiB reaches the model: the head for context, a longer tail because errors come last.
const HEAD_BYTES = 4_000;
const TAIL_BYTES = 6_000;

/** `run_command`, its timeout schema capped at the run's real limit so the model is never silently cut short. */
export function runCommandTool(maxTimeoutSeconds: number) {
  return defineTool({
    name: "run_command",
    description: `Run a shell command in the workspace root (no network credentials). Returns exit code and output; long output is cut to its head and tail and saved whole to a file under ${SCRATCH_DIR}/ you can read_file or grep. Time limit: ${maxTimeoutSeconds} s.`,
    input: z.object({
      command: z.string().min(1).max(10_000),
      timeout_seconds: z.number().int().min(1).max(maxTimeoutSeconds).optional(),
    }),
    writes: true,
    async run(input, context) {
      const limit = Math.min(input.timeout_seconds ?? context.commandTimeoutSeconds, context.commandTimeoutSeconds);
      const home = commandHomeFor(context.root);
      await mkdir(home, { recursive: true });
      const scratch = await prepareScratch(context.root);
      const name = `command-${Date.now()}-${randomBytes(3).toString("hex")}.log`;
      const outputFile = path.join(scratch, name);
      const result = await runCommand({
        command: input.command,
        cwd: context.root,
        timeoutMs: limit * 1000,
        env: commandEnvironment(home, { ...gitSafeDirectory(context.root), ...context.commandEnv }),
        signal: context.signal,
        headBytes: HEAD_BYTES,
        tailBytes: TAIL_BYTES,
        outputFile,
      });
      let output = result.output;
      if (result.omittedBytes > 0) {
        output +=
          `\n[Output cut: ${result.omittedBytes} of ${result.totalBytes} bytes omitted. The whole output is in ${SCRATCH_DIR}/${name} ` +
          "(read_file it with start_line/end_line, or grep it). Next time narrow the command: `| tail -n 50`, `| grep -n PATTERN`, a single test file, a quieter flag.]";
      } else await rm(outputFile, { force: true });
      if (result.timedOut)
        return {
          content:
            `Timed out after ${limit} s (the limit is ${context.commandTimeoutSeconds} s); the process was killed. ` +
            "Run a narrower command (one test file, a smaller target), or start it in the background writing to a file " +
            `(\`cmd > ${SCRATCH_DIR}/out.log 2>&1 &\`) and check that file later.\n${output}`,
          isError: true,
        };
      return { content: `exit code ${result.exitCode ?? "killed"}\n${output}`, isError: result.exitCode !== 0 };
    },
  });
}
