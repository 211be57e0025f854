// `npm run build`: the Remix app (build/index.js, public/build/) and the server entry points
// (build/server/) in one process, in parallel. Plain JavaScript so `npm start` needs no tsx.
// `--if-changed` skips the work when the sources hash to the stamp of the last build.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
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

const ifChanged = process.argv.includes("--if-changed");
const startedAt = Date.now();
const inputs = await hashInputs();
const stamp = existsSync(STAMP) ? (await readFile(STAMP, "utf8")).trim() : undefined;
if (ifChanged && stamp === inputs && OUTPUTS.every(existsSync)) {
  console.log(`build is up to date (${Date.now() - startedAt} ms)`);
} else {
  await Promise.all([buildServer(), buildRemix()]);
  await writeFile(STAMP, `${inputs}\n`);
  console.log(`built server and app (${Date.now() - startedAt} ms)`);
}
// Remix's compiler leaves handles open after a build.
process.exit(0);
