import path from "node:path";
import type { PgBoss } from "pg-boss";
import { connectDatabase, setConnection, type Connection } from "../db/client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { createBoss, setBoss } from "../jobs/boss";
import { createQueues, startWorkers } from "../jobs";
import { stopActiveRuns } from "./agents/run-agent";
import { getKeyring } from "./crypto/secrets";
import type { Env } from "./env.server";
import { EventBus, setEventBus } from "./events/bus";
import type { Logger } from "./logger";
import { followSessionChanges } from "./services/sessions/session-cache";

/** What /readyz reports; each flag flips once its part is up. */
export type Readiness = { database: boolean; migrations: boolean; jobs: boolean; events: boolean };

export type Runtime = {
  readiness: Readiness;
  connection: Connection;
  databaseUrl: string;
  embedded?: EmbeddedPostgres;
  /**
   * Stops the agent runs in flight at once (their model calls and commands abort;
   * each is failed with the reason) and resolves once they have recorded it, or at
   * `until`. /readyz turns 503 from the first moment. Safe to call twice.
   */
  stopRuns(until: number): Promise<void>;
  /**
   * Stops taking work: stops the runs (above), then pg-boss stops fetching and
   * other jobs in flight get until between the cut-off and the deadline. Safe to call twice.
   */
  drain(times: { cutOff: number; deadline: number }): Promise<void>;
  /** Drains (at once, unless `drain` ran) and closes everything, the database last. */
  stop(): Promise<void>;
};

/**
 * Brings up everything the process stands on, in order: Postgres (embedded
 * unless DATABASE_URL is set), migrations, the event bus, pg-boss and its
 * workers. `stop` tears them down in reverse, the database last.
 */
export async function startRuntime(env: Env, logger: Logger): Promise<Runtime> {
  const readiness: Readiness = { database: false, migrations: false, jobs: false, events: false };
  // Fails fast in a deployment without ENCRYPTION_KEY, before anything else starts.
  getKeyring(env);
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = env.DATABASE_URL;
  const phases: Record<string, number> = {};
  let phaseAt = Date.now();
  const phase = (name: string) => {
    phases[name] = Date.now() - phaseAt;
    phaseAt = Date.now();
  };
  if (!databaseUrl) {
    const started = Date.now();
    embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(env.DATA_DIR, "postgres"),
      database: "assembly_lime",
      onLog: (line) => logger.info({ component: "embedded-postgres" }, line.trim()),
    });
    databaseUrl = embedded.url;
    logger.info(
      { dataDir: embedded.dataDir, binariesDir: embedded.binariesDir, ms: Date.now() - started, ...embedded.timings },
      "embedded Postgres started",
    );
    phase("postgresMs");
  }

  const connection = connectDatabase(databaseUrl);
  setConnection(connection);
  await connection.sql`select 1`;
  readiness.database = true;
  phase("connectMs");

  // pg-boss creates its own schema (no table of ours in it) while our migrations run: neither waits for the other.
  const boss: PgBoss = createBoss(databaseUrl, logger);
  const bossAt = Date.now();
  const bossStarted = boss.start().then(() => {
    phases.bossStartMs = Date.now() - bossAt;
  });
  bossStarted.catch(() => undefined);
  await runMigrations(databaseUrl);
  readiness.migrations = true;
  phase("migrationsMs");

  // Every role listens: web serves subscriptions, workers hear cancels and follow-ups.
  const bus = new EventBus(databaseUrl);
  await bus.start();
  setEventBus(bus);
  followSessionChanges(bus);
  readiness.events = true;
  phase("eventsMs");

  await bossStarted;
  setBoss(boss);
  phase("bossWaitMs");
  await createQueues(boss);
  if (env.ROLE !== "web") await startWorkers(boss, { env, logger });
  readiness.jobs = true;
  phase("queuesMs");
  logger.info(phases, "runtime started");

  let stoppingRuns: Promise<void> | undefined;
  const stopRuns = (until: number) =>
    (stoppingRuns ??= (async () => {
      readiness.jobs = false;
      const stopped = await stopActiveRuns({ until });
      if (stopped) logger.warn({ runs: stopped }, "stopped agent runs for shutdown");
    })());
  let draining: Promise<void> | undefined;
  const drain = (times: { cutOff: number; deadline: number }) =>
    (draining ??= (async () => {
      await stopRuns(times.cutOff);
      // Other jobs get until halfway between the cut-off and the deadline; the rest of the time closes the database.
      const jobsBy = times.cutOff + (times.deadline - times.cutOff) / 2;
      await boss
        .stop({ graceful: true, timeout: Math.max(0, jobsBy - Date.now()), close: true })
        .catch((error: unknown) => logger.error({ err: error }, "pg-boss stop failed"));
      setBoss(undefined);
    })());

  return {
    readiness,
    connection,
    databaseUrl,
    embedded,
    stopRuns,
    drain,
    async stop() {
      await drain({ cutOff: Date.now(), deadline: Date.now() + 20_000 });
      await bus.stop();
      setEventBus(undefined);
      await connection.sql.end({ timeout: 5 });
      setConnection(undefined);
      await embedded?.stop();
    },
  };
}
