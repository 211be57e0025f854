import { sql } from "drizzle-orm";
import { db, getConnection } from "../../db/client";
import { collectSafely } from "./collect-safely";
import { defineGauge, PREFIX } from "./registry";

/** The application_name db/client.ts gives the app's pool (pg-boss and the event bus have their own). */
const APPLICATION_NAME = "assembly-lime";

type ConnectionState = { state: string; waiting: boolean; count: number };

/**
 * postgres.js keeps its pool's queues private, so the pool is read from the
 * server's side: pg_stat_activity for our application_name (all replicas).
 */
defineGauge({
  name: `${PREFIX}db_pool_connections`,
  help: "Open connections of the app's Postgres pools, all replicas together (pg_stat_activity by application_name), by state: in_use (running a query or inside a transaction) or idle.",
  labelNames: ["state"],
  collect: collectSafely("db_pool_connections", async (gauge) => {
    const rows = await connectionStates();
    gauge.reset();
    gauge.set(
      { state: "in_use" },
      rows.filter((row) => row.state !== "idle").reduce((sum, row) => sum + row.count, 0),
    );
    gauge.set(
      { state: "idle" },
      rows.filter((row) => row.state === "idle").reduce((sum, row) => sum + row.count, 0),
    );
  }),
});

defineGauge({
  name: `${PREFIX}db_pool_waiting_connections`,
  help: "Connections of the app's Postgres pools, all replicas together, whose query is waiting on a lock (pg_stat_activity wait_event_type = Lock). Queries queued inside postgres.js for a free connection are not visible.",
  collect: collectSafely("db_pool_waiting_connections", async (gauge) => {
    const rows = await connectionStates();
    gauge.set(rows.filter((row) => row.waiting).reduce((sum, row) => sum + row.count, 0));
  }),
});

defineGauge({
  name: `${PREFIX}db_pool_max_connections`,
  help: "The most connections this process's Postgres pool opens.",
  collect: collectSafely("db_pool_max_connections", async (gauge) => {
    gauge.set(getConnection().sql.options.max);
  }),
});

async function connectionStates() {
  return (await db.execute(sql`
    select coalesce(state, 'unknown') as state, wait_event_type = 'Lock' as waiting, count(*)::int as count
    from pg_stat_activity
    where application_name = ${APPLICATION_NAME} and pid <> pg_backend_pid()
    group by 1, 2
  `)) as unknown as ConnectionState[];
}
