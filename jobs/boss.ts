import { PgBoss } from "pg-boss";
import type { Logger } from "../server/logger";

/** pg-boss's own schema; the run sweeper reads dispatch jobs' states from its job table. */
export const BOSS_SCHEMA = "pgboss";

export function createBoss(url: string, logger: Logger) {
  // LISTEN/NOTIFY wakes workers the moment a job is sent instead of after a
  // polling interval (2 s by default); polling stays as the safety net.
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    useListenNotify: true,
    application_name: "assembly-lime-jobs",
    max: 10,
  });
  boss.on("error", (error: unknown) => logger.error({ err: error }, "pg-boss error"));
  boss.on("warning", (warning: unknown) => logger.warn({ warning }, "pg-boss warning"));
  return boss;
}

const registry = globalThis as typeof globalThis & { __assemblyLimeBoss?: PgBoss };

export function setBoss(boss: PgBoss | undefined) {
  registry.__assemblyLimeBoss = boss;
}

export function getBoss(): PgBoss {
  const boss = registry.__assemblyLimeBoss;
  if (!boss) throw new Error("pg-boss is not started in this process.");
  return boss;
}
