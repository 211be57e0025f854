import type { PgBoss } from "pg-boss";
import type { Env } from "../server/env.server";
import type { Logger } from "../server/logger";
import { sweepRuns } from "../server/services/agent-runs/sweep-runs";

/**
 * How often a worker process sweeps: a run is orphaned for RUN_STALE_AFTER_SECONDS
 * before a sweep may act, and must be recovered within 5 s after that, so at most
 * every 4 s (and never faster than every second).
 */
export function sweepIntervalMs(staleAfterSeconds: number) {
  return Math.min(4_000, Math.max(1_000, (staleAfterSeconds * 1000) / 4));
}

/**
 * Sweeps now and then every few seconds until `boss` stops. pg-boss's cron is per
 * minute, too slow for the bound; the sweep's advisory lock keeps it to one
 * process at a time across replicas.
 */
export function startRunSweeper(boss: PgBoss, options: { env: Env; logger: Logger }) {
  const staleAfterSeconds = options.env.RUN_STALE_AFTER_SECONDS;
  let sweeping: Promise<unknown> | undefined;
  const sweep = () => {
    sweeping ??= sweepRuns({ staleAfterSeconds })
      .then((result) => {
        if (result?.failed || result?.redispatched) options.logger.warn(result, "recovered runs a stopped worker left behind");
      })
      .catch((error: unknown) => options.logger.error({ err: error }, "run sweep failed"))
      .finally(() => (sweeping = undefined));
  };
  sweep();
  const timer = setInterval(sweep, sweepIntervalMs(staleAfterSeconds));
  boss.once("stopped", () => clearInterval(timer));
}
