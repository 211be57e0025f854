// `npm run build`: the Remix app (build/index.js, public/build/) and the server entry points
// (build/server/) in one process, in parallel. Plain JavaScript so `npm start` needs no tsx.
// `--if-changed` skips the work when the sources hash to the stamp of the last build.
// `--start` (`npm start`) also runs the server: a stale build is made with the server
// bundle first, so the server starts its Postgres and migrations while the Remix app is
// still building; it waits for the app build (the BUILDING lock) before serving pages.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { URL } from "node:url";
import { Worker } from "node:worker_threads";

const INPUT_DIRS = ["app", "server", "db", "jobs", "k8s", "public"];
const INPUT_FILES = [
  "build.js",
  "build-remix.js",
  "package.json",
  "package-lock.json",
  "remix.config.js",
  "tailwind.config.ts",
  "postcss.config.js",
  "tsconfig.json",
];
const OUTPUTS = ["build/index.js", "build/server/main.js", "build/server/cli.js", "build/server/pod-runner.js"];
const STAMP = "build/inputs.sha256";
/** Present (holding this process's pid) while the Remix app is being built; server/main.ts waits for it. */
const BUILDING = "build/app-building.pid";

async function listInputs(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.startsWith(path.join("public", "build") + path.sep));
}

/**
 * One hash over every file that can change a build output, path and content. The
 * files are read all at once (about 900: read one after another they took 0.5 s).
 */
async function hashInputs() {
  const files = [...(await Promise.all(INPUT_DIRS.filter(existsSync).map(listInputs))).flat(), ...INPUT_FILES].sort();
  const contents = await Promise.all(files.map((file) => readFile(file)));
  const hash = createHash("sha256");
  files.forEach((file, index) => hash.update(file).update("\0").update(contents[index]).update("\0"));
  return hash.digest("hex");
}

/** Sends the build to esbuild's service at once (no await before it), so it runs while this process goes on. */
function buildServer(esbuild) {
  return esbuild.build({
    entryPoints: {
      main: "server/main.ts",
      cli: "server/cli.ts",
      "pod-runner": "server/agents/pod-runner.ts",
    },
    outdir: "build/server",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // node_modules load at run time, as in development: one copy of each package, shared with the Remix build.
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}

/**
 * The Remix app, built by build-remix.js in a thread of its own: loading Remix's compiler is most
 * of a second of synchronous `require`, which there overlaps the server bundle and the spawn of
 * the server instead of following them. Resolves when the app is built; rejects with the reason.
 */
function buildRemix() {
  const worker = new Worker(new URL("./build-remix.js", import.meta.url));
  return new Promise((resolve, reject) => {
    worker.once("message", (result) => {
      // Remix's compiler leaves handles open after a build: the thread is ended, not waited for.
      void worker.terminate();
      if (result.ok) resolve();
      else reject(new Error(result.message));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the app's build thread exited (code ${code}) before it finished`)));
  });
}

/** `node build/server/main.js` in production, this process standing by until it exits. */
function startServer() {
  const server = spawn(process.execPath, ["build/server/main.js"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  // A Ctrl-C reaches both processes; a signal sent to this one alone is passed on.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => server.kill(signal));
  const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { server, exited };
}

const start = process.argv.includes("--start");
const ifChanged = start || process.argv.includes("--if-changed");
const startedAt = Date.now();
// Without an earlier build (a fresh clone) there is nothing to compare: build at once, hashing meanwhile.
const built = existsSync(STAMP) && OUTPUTS.every(existsSync);
const hashing = hashInputs();
// Awaited where the stamp is written; this only keeps an early failure from being unhandled meanwhile.
hashing.catch(() => undefined);
if (ifChanged && built && (await readFile(STAMP, "utf8")).trim() === (await hashing)) {
  console.log(`build is up to date (${Date.now() - startedAt} ms)`);
  process.exit(start ? await startServer().exited : 0);
}
// The app's thread starts first: it loads Remix's compiler while this one loads esbuild and bundles the server.
const app = buildRemix();
// Awaited below; this only keeps an early failure from being unhandled while the server bundle is made.
app.catch(() => undefined);
const esbuild = await import("esbuild");
if (!start) {
  await Promise.all([buildServer(esbuild), app]).catch((error) => {
    console.error(`The build failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
  await writeFile(STAMP, `${await hashing}\n`);
  console.log(`built server and app (${Date.now() - startedAt} ms)`);
  process.exit(0);
}
await rm(STAMP, { force: true });
await mkdir(path.dirname(BUILDING), { recursive: true });
await writeFile(BUILDING, String(process.pid));
// The server bundle first (esbuild, a quarter of a second), so the server (its Postgres, migrations,
// pg-boss) starts at once; the Remix app builds in its thread meanwhile.
let running;
try {
  await buildServer(esbuild);
  running = startServer();
  const serverBuiltAt = Date.now();
  await app;
  await writeFile(STAMP, `${await hashing}\n`);
  console.log(`built server and app (${Date.now() - startedAt} ms; the server bundle took ${serverBuiltAt - startedAt} ms)`);
} catch (error) {
  console.error(`The ${running ? "app" : "server"} did not build: ${error instanceof Error ? error.message : error}`);
  running?.server.kill("SIGTERM");
  await running?.exited;
  process.exit(1);
} finally {
  await rm(BUILDING, { force: true });
}
process.exit(await running.exited);
