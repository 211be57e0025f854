// The Remix app's half of `npm run build` and `npm start` (build.js), run in a worker thread of
// build.js: builds build/index.js and public/build/, then posts `{ ok }` or `{ ok: false, message }`.
// Plain JavaScript, like build.js, so `npm start` needs no tsx.
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";

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

try {
  await buildRemix();
  parentPort.postMessage({ ok: true });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
