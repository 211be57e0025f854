import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, waitFor } from "./wait";

const root = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();

/** A fresh temporary folder for DATA_DIR (the caller removes it). */
export function makeDataDir(prefix: string) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // mkdtemp makes a 0700 folder, which the `postgres` user could not enter when we run as root.
  chmodSync(dataDir, 0o755);
  return dataDir;
}

/**
 * The real server process (`server/main.ts`, as `npm start` runs it) on a free
 * port with `env` (added to NODE_ENV, PATH, HOME, PORT and HOST), once its
 * /readyz answers 200. Fails with its output if it exits first or is not ready
 * within 60 s. `nodeArgs` go to node before the script (e.g. `--inspect`); with `untilReady: false` it
 * returns at once, while the process is still starting.
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  options: { nodeArgs?: string[]; untilReady?: boolean } = {},
) {
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/main.ts"], {
    cwd: root,
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  if (options.untilReady === false) return { child, url, exited, output: () => output };
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error("server exited early");
      return fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
    },
    "the server to be ready",
    { timeoutMs: 60_000, intervalMs: 100 },
  ).catch((error: Error) => {
    throw new Error(`${error.message}:\n${output}`);
  });
  return { child, url, exited, output: () => output };
}

/** SIGKILLs every server process started here that is still running. */
export function killServerProcesses() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
}
