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
import { createRequire } from "node:module";
import path from "node:path";

const INPUT_DIRS = ["app", "server", "db", "jobs", "k8s", "public"];
const INPUT_FILES = [
  "build.js",
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
 * Remix's classic compiler, loaded on its own: the CLI's entry (`remix build`) also loads
 * Vite, the dev servers and their dependencies, a second or more of module loading.
 */
function loadRemixCompiler() {
  const require = createRequire(import.meta.url);
  return {
    readConfig: require("@remix-run/dev/dist/config.js").readConfig,
    build: require("@remix-run/dev/dist/compiler/build.js").build,
    createFileWatchCache: require("@remix-run/dev/dist/compiler/fileWatchCache.js").createFileWatchCache,
    logThrown: require("@remix-run/dev/dist/compiler/utils/log.js").logThrown,
    logger: require("@remix-run/dev/dist/tux/logger.js").logger,
    emptyDir: require("fs-extra").emptyDir,
  };
}

/** What `remix build` does (cli/commands.js `build`), with the compiler loaded as above. */
async function buildRemix() {
  const remix = loadRemixCompiler();
  process.env.NODE_ENV ??= "production";
  const mode = process.env.NODE_ENV;
  const startedAt = Date.now();
  remix.logger.info(`building... (NODE_ENV=${mode})`);
  const config = await remix.readConfig(process.env.REMIX_ROOT || process.cwd());
  await remix.emptyDir(config.assetsBuildDirectory);
  await remix
    .build({ config, options: { mode, sourcemap: false }, fileWatchCache: remix.createFileWatchCache(), logger: remix.logger })
    .catch((thrown) => {
      remix.logThrown(thrown);
      throw new Error("the Remix compiler reported errors (above)");
    });
  remix.logger.info(`built (${Date.now() - startedAt} ms)`);
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
const esbuild = await import("esbuild");
if (!start) {
  await Promise.all([buildServer(esbuild), buildRemix()]);
  await writeFile(STAMP, `${await hashing}\n`);
  console.log(`built server and app (${Date.now() - startedAt} ms)`);
  // Remix's compiler leaves handles open after a build.
  process.exit(0);
}
await rm(STAMP, { force: true });
await mkdir(path.dirname(BUILDING), { recursive: true });
await writeFile(BUILDING, String(process.pid));
// The server bundle first (esbuild, a quarter of a second), so the server (its Postgres, migrations,
// pg-boss) starts at once; the Remix app builds while it does. Loading the Remix compiler blocks this
// thread for most of a second, so it waits for the server to be spawned.
let running;
try {
  await buildServer(esbuild);
  running = startServer();
  const serverBuiltAt = Date.now();
  await buildRemix();
  await writeFile(STAMP, `${await hashing}\n`);
  console.log(
    `built server and app (${Date.now() - startedAt} ms; the server bundle took ${serverBuiltAt - startedAt} ms)`,
  );
} catch (error) {
  console.error(`The ${running ? "app" : "server"} did not build: ${error instanceof Error ? error.message : error}`);
  running?.server.kill("SIGTERM");
  await running?.exited;
  process.exit(1);
} finally {
  await rm(BUILDING, { force: true });
}
process.exit(await running.exited);
