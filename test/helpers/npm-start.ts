import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { waitFor } from "./wait";

/**
 * `npm start` as a user runs it, on a clone: used by bench:start and by the
 * start-up tests. A clone holds what is committed (HEAD), as CI's clean clone does.
 */
const root = path.resolve(import.meta.dirname, "../..");

/** Clones HEAD into `cloneDir` with this checkout's node_modules (hard links where the file system allows). */
export function cloneHead(cloneDir: string) {
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  execFileSync("git", ["clone", "--quiet", "--no-checkout", root, cloneDir]);
  execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: cloneDir });
  const modules = realpathSync(path.join(root, "node_modules"));
  try {
    execFileSync("cp", ["-al", modules, path.join(cloneDir, "node_modules")]);
  } catch {
    execFileSync("cp", ["-a", modules, path.join(cloneDir, "node_modules")]);
  }
  return head;
}

export type NpmStart = {
  child: ChildProcess;
  url: string;
  /** npm's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  output: () => string;
};

/** `npm start` in `cwd` on `port` with DATA_DIR `dataDir`, in a process group of its own; not waited for. */
export function npmStart(options: { cwd: string; port: number; dataDir: string }): NpmStart {
  const child = spawn("npm", ["start"], {
    cwd: options.cwd,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(options.port),
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so one signal reaches npm, its shell and the server.
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, url: `http://127.0.0.1:${options.port}`, exited, output: () => output };
}

/** Resolves once /readyz answers 200; fails with npm's output if it exits first or takes longer than `timeoutMs`. */
export async function untilReady(app: NpmStart, timeoutMs = 180_000) {
  await waitFor(
    async () => {
      if (app.child.exitCode !== null || app.child.signalCode !== null)
        throw new Error(`npm start exited with ${app.child.exitCode ?? app.child.signalCode}`);
      return fetch(`${app.url}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
    },
    "the server to be ready",
    { timeoutMs, intervalMs: 50 },
  ).catch((error: Error) => {
    signalGroup(app.child, "SIGKILL");
    throw new Error(`${error.message}:\n${app.output()}`);
  });
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** The pids whose parent is `pid`, from /proc. */
function childrenOf(pid: number) {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it is in parentheses.
        return Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The node process that serves (`node build/server/main.js`), under npm and its shell. */
export function findServerPid(pid: number): number | undefined {
  for (const child of childrenOf(pid)) {
    let command: string[];
    try {
      command = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (command.includes("build/server/main.js")) return child;
    const found = findServerPid(child);
    if (found) return found;
  }
  return undefined;
}

export function rssMegabytes(pid: number) {
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kilobytes) throw new Error(`no RSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

/** SIGTERM to the group, then waits for npm and for the server (which stops its Postgres before it exits). */
export async function stopAndWait(app: NpmStart) {
  const serverPid = findServerPid(app.child.pid!);
  signalGroup(app.child, "SIGTERM");
  const code = await app.exited;
  if (serverPid) await waitFor(async () => !existsSync(`/proc/${serverPid}`), "the server to exit", { timeoutMs: 30_000 });
  return code;
}
