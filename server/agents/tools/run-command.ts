import { spawn } from "node:child_process";

export type CommandResult = { exitCode: number | null; output: string; timedOut: boolean; durationMs: number };

const HEAD_BYTES = 8_000;
const TAIL_BYTES = 22_000;

/**
 * Runs a shell command in the workspace with a clean environment (no tokens,
 * no database URL), a time limit, and output capped to its head and tail. The
 * whole process group is killed on timeout or abort.
 */
export function runCommand(options: {
  command: string;
  cwd: string;
  timeoutMs: number;
  env: Record<string, string>;
  signal?: AbortSignal;
}): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let head = "";
    let tail = "";
    let total = 0;
    const collect = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      total += text.length;
      if (head.length < HEAD_BYTES) {
        const room = HEAD_BYTES - head.length;
        head += text.slice(0, room);
        tail = (tail + text.slice(room)).slice(-TAIL_BYTES);
      } else tail = (tail + text).slice(-TAIL_BYTES);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);

    let timedOut = false;
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = () => kill();
    options.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("error", (error) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const omitted = total - head.length - tail.length;
      const output = omitted > 0 ? `${head}\n… ${omitted} characters omitted …\n${tail}` : head + tail;
      resolve({ exitCode: code, output, timedOut, durationMs: Date.now() - started });
    });
  });
}

/** The environment commands see: enough to build and test, nothing secret from the app's own. */
export function commandEnvironment(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    TERM: "dumb",
    CI: "1",
    GIT_TERMINAL_PROMPT: "0",
    NO_COLOR: "1",
    ...extra,
  };
}
