import { getKeyring } from "./crypto/secrets";
import { getEnv } from "./env.server";
import { createLogger, setLogger } from "./logger";
import { startDatabase } from "./start-database";

/**
 * The server process. Postgres starts first: initdb and its start take seconds on
 * a first run, and loading the rest of the server (its packages take most of a
 * second) happens meanwhile, from a chunk of its own (build.js splits the bundle).
 */
try {
  const env = getEnv();
  const logger = createLogger(env.LOG_LEVEL);
  setLogger(logger);
  // Fails fast in a deployment without ENCRYPTION_KEY, before anything else starts.
  getKeyring(env);
  const late = process.env.AL_PG_LATE ? await import("./serve") : undefined;
  const database = startDatabase(env, logger);
  // Awaited by the runtime; this only keeps a failure during the import below from being unhandled meanwhile.
  database.catch(() => undefined);
  const { serve } = late ?? (await import("./serve"));
  await serve(env, logger, database);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
