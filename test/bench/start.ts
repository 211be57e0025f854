import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cloneHead, findServerPid, npmStart, rssMegabytes, stopAndWait, untilReady } from "../helpers/npm-start";
import { freePort } from "../helpers/wait";
import { report } from "./harness";

/**
 * bench:start — `npm start` on a fresh clone of HEAD (node_modules linked from
 * this checkout, no network), a fresh DATA_DIR and a free port: seconds to
 * /readyz 200 with the first build included, the first page request, the
 * serving process's RSS 10 s after ready, then the same start again (build up
 * to date, Postgres initialised). Prints `name=value` lines.
 */
const tempDir = mkdtempSync(path.join(os.tmpdir(), "al-bench-start-"));
// The embedded Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
chmodSync(tempDir, 0o755);
const cloneDir = path.join(tempDir, "app");
const dataDir = path.join(tempDir, "data");

function log(message: string) {
  process.stderr.write(`bench:start: ${message}\n`);
}

/** `npm start` in the clone, timed to /readyz 200. */
async function startApp(port: number) {
  const startedAt = performance.now();
  const app = npmStart({ cwd: cloneDir, port, dataDir });
  await untilReady(app);
  const readySeconds = (performance.now() - startedAt) / 1000;
  // Where the time went: the build's own line and the server's start-up timings, on stderr.
  for (const line of app
    .output()
    .split("\n")
    .filter((entry) => /built server|up to date|Postgres started|runtime started|is ready/.test(entry)))
    log(line.trim());
  return { app, url: app.url, readySeconds };
}

try {
  log(`cloned ${cloneHead(cloneDir).slice(0, 12)} into ${cloneDir}`);
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
  const serverPid = findServerPid(first.app.child.pid!);
  if (!serverPid) throw new Error("no `node build/server/main.js` process under npm start");
  report("start_idle_rss_mb", rssMegabytes(serverPid));
  await stopAndWait(first.app);

  const second = await startApp(await freePort());
  report("start_restart_ready_s", second.readySeconds);
  await stopAndWait(second.app);
} finally {
  rmSync(tempDir, { recursive: true, force: true });
}
