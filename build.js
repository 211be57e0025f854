// `npm run build`: the Remix app (build/index.js, public/build/) and the server entry points
// (build/server/) in one process, in parallel. Plain JavaScript so `npm start` needs no tsx.
// `--if-changed` skips the work when the sources hash to the stamp of the last build.
// `--start` (`npm start`) also runs the server: a stale build is made with the server
// bundle first, so the server starts its Postgres and migrations while the Remix app is
// still building; it waits for the app build (the BUILDING lock) before serving pages.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
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

/** One hash over every file that can change a build output, path and content. */
async function hashInputs() {
  const files = [...(await Promise.all(INPUT_DIRS.filter(existsSync).map(listInputs))).flat(), ...INPUT_FILES].sort();
  const hash = createHash("sha256");
  for (const file of files)
    hash
      .update(file)
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  return hash.digest("hex");
}

async function buildServer() {
  const esbuild = await import("esbuild");
  await esbuild.build({
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

async function buildRemix() {
  // The CLI's own entry, as `remix build` runs it; the package root would also load Vite.
  const { run } = await import("@remix-run/dev/dist/cli/run.js");
  await run(["build"]);
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
const inputs = await hashInputs();
const stamp = existsSync(STAMP) ? (await readFile(STAMP, "utf8")).trim() : undefined;
if (ifChanged && stamp === inputs && OUTPUTS.every(existsSync)) {
  console.log(`build is up to date (${Date.now() - startedAt} ms)`);
  process.exit(start ? await startServer().exited : 0);
}
if (!start) {
  await Promise.all([buildServer(), buildRemix()]);
  await writeFile(STAMP, `${inputs}\n`);
  console.log(`built server and app (${Date.now() - startedAt} ms)`);
  // Remix's compiler leaves handles open after a build.
  process.exit(0);
}
await rm(STAMP, { force: true });
await buildServer();
const serverBuiltAt = Date.now();
await writeFile(BUILDING, String(process.pid));
const { server, exited } = startServer();
try {
  await buildRemix();
  await writeFile(STAMP, `${inputs}\n`);
  console.log(
    `built server and app (${Date.now() - startedAt} ms: server bundle at ${serverBuiltAt - startedAt} ms, app ${Date.now() - serverBuiltAt} ms after)`,
  );
} catch (error) {
  console.error(`The app did not build: ${error instanceof Error ? error.message : error}`);
  server.kill("SIGTERM");
  await exited;
  process.exit(1);
} finally {
  await rm(BUILDING, { force: true });
}
process.exit(await exited);
