import path from "node:path";
import { startEmbeddedPostgres } from "./embedded";
import { runMigrations } from "./migrate";
import { getEnv } from "../server/env.server";

// `npm run db:migrate`: applies migrations to the app's database (the app also does at start-up).
const env = getEnv();
const embedded = env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: path.resolve(env.DATA_DIR, "postgres"), database: "assembly_lime" });
try {
  await runMigrations(env.DATABASE_URL ?? embedded!.url);
  console.log("Migrations applied.");
} finally {
  await embedded?.stop();
}
