import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitFor } from "../helpers/wait";
import { report } from "./harness";

/**
 * bench:start — `npm start` on a fresh clone of HEAD (node_modules linked from
 * this checkout, no network), a fresh DATA_DIR and a free port: seconds to
 * /readyz 200 with the first build included, the first page request, the
 * serving process's RSS 10 s after ready, then the same start again (build up
 * to date, Postgres initialised). Prints `name=value` lines.
 */
const root = path.resolve(import.meta.dirname, "../..");
const tempDir = mkdtempSync(path.join(os.tmpdir(), "al-bench-start-"));
// The embedded Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
chmodSync(tempDir, 0o755);
const cloneDir = path.join(tempDir, "app");
const dataDir = path.join(tempDir, "data");

function log(message: string) {
  process.stderr.write(`bench:start: ${message}\n`);
}

function cloneHead() {
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  execFileSync("git", ["clone", "--quiet", "--no-checkout", root, cloneDir]);
  execFileSync("git", ["checkout", "--quiet", "--detach", head], { cwd: cloneDir });
  // Hard links where the file system allows (fast, no copy); a full copy otherwise.
  const modules = realpathSync(path.join(root, "node_modules"));
  try {
    execFileSync("cp", ["-al", modules, path.join(cloneDir, "node_modules")]);
  } catch {
    execFileSync("cp", ["-a", modules, path.join(cloneDir, "node_modules")]);
  }
  log(`cloned ${head.slice(0, 12)} into ${cloneDir}`);
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
function findServerPid(pid: number): number | undefined {
  for (const child of childrenOf(pid)) {
    const command = readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0");
    if (command.includes("build/server/main.js")) return child;
    const found = findServerPid(child);
    if (found) return found;
  }
  return undefined;
}

function rssMegabytes(pid: number) {
  const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (!kilobytes) throw new Error(`no RSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

/** `npm start` in the clone, timed to /readyz 200. */
async function startApp(port: number) {
  const startedAt = performance.now();
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: cloneDir,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so one signal reaches npm, its shell and the server.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      return fetch(`${url}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
    },
    "the server to be ready",
    { timeoutMs: 180_000, intervalMs: 50 },
  ).catch((error: Error) => {
    stopApp(child, "SIGKILL");
    throw new Error(`${error.message}:\n${output}`);
  });
  // Where the time went: the build's own line and the server's start-up timings, on stderr.
  for (const line of output.split("\n").filter((entry) => /built server|up to date|Postgres started|runtime started|is ready/.test(entry)))
    log(line.trim());
  return { child, url, readySeconds: (performance.now() - startedAt) / 1000 };
}

function stopApp(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then waits for npm and for the server (which stops its Postgres before it exits). */
async function stopAndWait(child: ChildProcess) {
  const serverPid = findServerPid(child.pid!);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  stopApp(child, "SIGTERM");
  await exited;
  if (serverPid) await waitFor(async () => !existsSync(`/proc/${serverPid}`), "the server to exit", { timeoutMs: 30_000 });
}

try {
  cloneHead();
  report("cores", os.availableParallelism());
  report("load_1m", os.loadavg()[0]!);

  const first = await startApp(await freePort());
  report("start_ready_s", first.readySeconds);
  const requestedAt = performance.now();
  const page = await fetch(`${first.url}/login`);
  await page.text();
  if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
  report("start_first_request_ms", performance.now() - requestedAt);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const serverPid = findServerPid(first.child.pid!);
  if (!serverPid) throw new Error("no `node build/server/main.js` process under npm start");
  report("start_idle_rss_mb", rssMegabytes(serverPid));
  await stopAndWait(first.child);

  const second = await startApp(await freePort());
  report("start_restart_ready_s", second.readySeconds);
  await stopAndWait(second.child);
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
