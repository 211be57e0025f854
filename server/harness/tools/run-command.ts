import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

export type CommandResult = {
  exitCode: number | null;
  /** The head and tail of the output, with a marker where bytes were left out. */
  output: string;
  /** Bytes left out of `output` (0 when it is whole). */
  omittedBytes: number;
  totalBytes: number;
  timedOut: boolean;
  durationMs: number;
};

const DEFAULT_HEAD_BYTES = 8_000;
const DEFAULT_TAIL_BYTES = 22_000;

/**
 * Runs a shell command with a clean environment (no tokens, no database URL),
 * a time limit, and output capped to its head and tail; the whole output can
 * also be written to a file. The whole process group is killed on timeout or
 * abort.
 */
export function runCommand(options: {
  command: string;
  cwd: string;
  timeoutMs: number;
  env: Record<string, string>;
  signal?: AbortSignal;
  headBytes?: number;
  tailBytes?: number;
  /** Where to write the whole output (stdout and stderr interleaved). */
  outputFile?: string;
}): Promise<CommandResult> {
  const started = Date.now();
  const headBytes = options.headBytes ?? DEFAULT_HEAD_BYTES;
  const tailBytes = options.tailBytes ?? DEFAULT_TAIL_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const file = options.outputFile ? createWriteStream(options.outputFile) : null;
    let head = Buffer.alloc(0);
    let tail: Buffer[] = [];
    let tailLength = 0;
    let total = 0;
    const collect = (chunk: Buffer) => {
      file?.write(chunk);
      total += chunk.length;
      let rest = chunk;
      if (head.length < headBytes) {
        const room = headBytes - head.length;
        head = Buffer.concat([head, rest.subarray(0, room)]);
        rest = rest.subarray(room);
      }
      if (rest.length === 0) return;
      tail.push(rest);
      tailLength += rest.length;
      if (tailLength > tailBytes * 2) {
        const joined = Buffer.concat(tail).subarray(-tailBytes);
        tail = [joined];
        tailLength = joined.length;
      }
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
      file?.destroy();
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      const kept = Buffer.concat(tail).subarray(-tailBytes);
      const omittedBytes = total - head.length - kept.length;
      const output =
        omittedBytes > 0
          ? `${head.toString("utf8")}\n… ${omittedBytes} bytes omitted …\n${kept.toString("utf8")}`
          : head.toString("utf8") + kept.toString("utf8");
      const result = { exitCode: code, output, omittedBytes, totalBytes: total, timedOut, durationMs: Date.now() - started };
      if (!file) return resolve(result);
      file.end(() => resolve(result));
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
    ...cacheEnvironment(home),
    ...extra,
  };
}

/** Package managers' caches under `home`, for the tools that do not derive them from HOME. */
function cacheEnvironment(home: string): Record<string, string> {
  return {
    XDG_CACHE_HOME: `${home}/.cache`,
    XDG_CONFIG_HOME: `${home}/.config`,
    XDG_DATA_HOME: `${home}/.local/share`,
    npm_config_cache: `${home}/.npm`,
    YARN_CACHE_FOLDER: `${home}/.cache/yarn`,
    PIP_CACHE_DIR: `${home}/.cache/pip`,
    PYTHONPYCACHEPREFIX: `${home}/.cache/pycache`,
    GOPATH: `${home}/go`,
    GOCACHE: `${home}/.cache/go-build`,
    CARGO_HOME: `${home}/.cargo`,
    GRADLE_USER_HOME: `${home}/.gradle`,
  };
}

/**
 * Agent commands run with their own HOME, so they lose the global `safe.directory` a pod sets for
 * the workspace (owned by root, used by uid 1000); git also honours it from GIT_CONFIG_* (command scope).
 */
export function gitSafeDirectory(root: string): Record<string, string> {
  return { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "safe.directory", GIT_CONFIG_VALUE_0: root };
}
