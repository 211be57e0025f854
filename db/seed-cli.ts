import path from "node:path";
import { connectDatabase, setConnection } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { runMigrations } from "./migrate";
import { seedDemo } from "./seed";
import { getEnv } from "../server/env.server";

// `npm run db:seed`: seeds the demo workspace into the app's database.
const env = getEnv();
const embedded = env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: path.resolve(env.DATA_DIR, "postgres"), database: "assembly_lime" });
const url = env.DATABASE_URL ?? embedded!.url;
await runMigrations(url);
const connection = connectDatabase(url, { max: 2 });
setConnection(connection);
try {
  const seeded = await seedDemo();
  console.log(`Seeded tenant "${seeded.tenant.name}" (${seeded.tenant.slug}) with project ${seeded.project.key}.`);
} finally {
  await connection.sql.end();
  await embedded?.stop();
}
