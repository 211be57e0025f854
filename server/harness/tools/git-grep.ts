import { spawn } from "node:child_process";
import { gitSafeDirectory } from "./run-command";
import { commandHomeFor } from "./scratch";

const MAX_OUTPUT_BYTES = 2_000_000;

export type GrepResult = { exitCode: number | null; stdout: string; stderr: string; cut: boolean };

/** Runs `git grep` with arguments (never a shell string), keeping at most ~2 MB of its output. */
export function gitGrep(root: string, args: string[]): Promise<GrepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["grep", ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: commandHomeFor(root),
        LANG: "C.UTF-8",
        GIT_TERMINAL_PROMPT: "0",
        ...gitSafeDirectory(root),
      } as Record<string, string> as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let size = 0;
    let cut = false;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (cut) return;
      out.push(chunk);
      size += chunk.length;
      if (size >= MAX_OUTPUT_BYTES) {
        cut = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4_000)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code, stdout: Buffer.concat(out).toString("utf8"), stderr, cut }));
  });
}
