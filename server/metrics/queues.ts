import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { collectSafely } from "./collect-safely";
import { defineGauge, PREFIX } from "./registry";

/** pg-boss's job states that are not finished; `created` is a job waiting its turn. */
const STATES = { created: "queued", retry: "retry", active: "active", failed: "failed" } as const;

type QueueCount = { name: string; state: keyof typeof STATES | null; count: number };

/**
 * Live counts from pg-boss's own tables (its `getQueues()` counts are only
 * refreshed by its monitor, once a minute). The state filter is pg-boss's
 * own live-state predicate, so Postgres answers from its partial index.
 * Every queue is listed, with zeros, so an empty queue is still a series.
 */
defineGauge({
  name: `${PREFIX}queue_jobs`,
  help: "pg-boss jobs per queue and state: queued (waiting, incl. deferred), retry (waiting to be retried), active, failed (still retained). Database-wide: every replica reports the same value.",
  labelNames: ["queue", "state"],
  collect: collectSafely("queue_jobs", async (gauge) => {
    const rows = (await db.execute(sql`
      select q.name, j.state, coalesce(j.count, 0)::int as count
      from pgboss.queue q
      left join (
        select name, state::text as state, count(*) as count
        from pgboss.job
        where state in ('created', 'retry', 'active', 'failed')
        group by name, state
      ) j on j.name = q.name
    `)) as unknown as QueueCount[];
    gauge.reset();
    for (const queue of new Set(rows.map((row) => row.name)))
      for (const state of Object.values(STATES)) gauge.set({ queue, state }, 0);
    for (const row of rows) if (row.state) gauge.set({ queue: row.name, state: STATES[row.state] }, row.count);
  }),
});
