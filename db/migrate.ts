import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/** The folder nearest this module that holds package.json: the same from source (db/) and from the bundle (build/server/). */
function findProjectRoot(from: string) {
  let dir = from;
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const migrationsFolder = path.join(findProjectRoot(path.dirname(fileURLToPath(import.meta.url))), "db", "migrations");

// Any fixed number works; it only has to be the same for every replica.
const MIGRATION_LOCK_ID = 7_343_420_001;

/** Applies pending migrations; replicas starting together wait on one lock. */
export async function runMigrations(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migrate(drizzle({ client: sql }), { migrationsFolder });
  } finally {
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => undefined);
    await sql.end();
  }
}
