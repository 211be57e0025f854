import { getConnection } from "../../../db/client";
import { recoverQueuedRuns } from "./recover-queued-runs";
import { sweepStaleRuns } from "./sweep-stale-runs";

/**
 * One sweep of runs a dead worker left behind: running runs without a heartbeat
 * are failed, queued runs whose dispatch was lost are queued again (once).
 * Every worker process sweeps every few seconds; a session advisory lock lets
 * one of them at a time do it (null: another process is sweeping). The lock
 * goes with its connection if the process dies.
 */
export async function sweepRuns(options: { staleAfterSeconds: number }) {
  const connection = await getConnection().sql.reserve();
  try {
    const [lock] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext('agent-run.sweep')) as locked`;
    if (!lock?.locked) return null;
    try {
      const stale = await sweepStaleRuns(options);
      const queued = await recoverQueuedRuns(options);
      return { failed: stale.failed + queued.failed, redispatched: queued.redispatched };
    } finally {
      await connection`select pg_advisory_unlock(hashtext('agent-run.sweep'))`;
    }
  } finally {
    connection.release();
  }
}
