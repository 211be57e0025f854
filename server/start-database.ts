import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded";
import type { Env } from "./env.server";
import type { Logger } from "./logger";

export type Database = { url: string; embedded?: EmbeddedPostgres };

/**
 * The Postgres this process uses: DATABASE_URL's, or the embedded one started
 * here (initdb on a first run). Light on imports, so server/main.ts can begin it
 * before the rest of the server has loaded.
 */
export async function startDatabase(env: Env, logger: Logger): Promise<Database> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(env.DATA_DIR, "postgres"),
    database: "assembly_lime",
    onLog: (line) => logger.info({ component: "embedded-postgres" }, line.trim()),
  });
  logger.info(
    { dataDir: embedded.dataDir, binariesDir: embedded.binariesDir, ms: Date.now() - started, ...embedded.timings },
    "embedded Postgres started",
  );
  return { url: embedded.url, embedded };
}
