import { sql } from "drizzle-orm";
import { getConnection } from "../../../db/client";
import { EVENTS_CHANNEL } from "../../events/bus";
import { sanitizeJson, sanitizeText } from "../../text/sanitize";

export type RunEventToCommit = {
  tenantId: number;
  runId: number;
  type: string;
  payload: Record<string, unknown>;
  /** Written only while the run is running, so nothing follows a final status. */
  onlyWhileRunning?: boolean;
};

/** Per run in the batch that was written: its events took seqs `last - count + 1 … last`. */
export type CommittedRun = { runId: number; last: number; count: number };

/**
 * Appends events of any number of runs in one statement (so one round trip
 * and one implicit transaction): each run's seqs are taken from its row —
 * locked in id order, so concurrent batches neither skip a seq nor deadlock —
 * the events go in with one insert, and each run touched gets one NOTIFY
 * (ids only) on commit. A run that is missing, foreign or (for
 * `onlyWhileRunning` events) no longer running writes nothing and is absent
 * from the result. `notify: false` leaves the notifications to the caller
 * (a transport outside Postgres publishes after commit).
 */
export async function commitRunEvents(events: RunEventToCommit[], options: { notify: boolean }): Promise<CommittedRun[]> {
  const input = JSON.stringify(
    events.map((event) => ({
      tenantId: event.tenantId,
      runId: event.runId,
      onlyWhileRunning: event.onlyWhileRunning ?? false,
      type: sanitizeText(event.type),
      // Agent, tool and file output: a binary file read must not fail the run on this insert.
      payload: sanitizeJson(event.payload),
    })),
  );
  const rows = await getConnection().db.execute<{ run_id: string; last: number; count: number }>(sql`
    with input as (
      select (e->>'tenantId')::bigint as tenant_id, (e->>'runId')::bigint as run_id,
             (e->>'onlyWhileRunning')::boolean as only_running, e->>'type' as type, e->'payload' as payload, x.ord
      from jsonb_array_elements(${input}::jsonb) with ordinality as x(e, ord)
    ),
    wanted as (
      select tenant_id, run_id, bool_or(only_running) as only_running, count(*)::int as count
      from input group by tenant_id, run_id
    ),
    locked as (
      select r.id from agent_runs r join wanted w on w.run_id = r.id and w.tenant_id = r.tenant_id
      where not w.only_running or r.status = 'running'
      order by r.id
      for update of r
    ),
    bumped as (
      update agent_runs r set last_event_seq = r.last_event_seq + w.count
      from wanted w
      where r.id = w.run_id and r.id in (select id from locked)
      returning r.id, r.last_event_seq as last, w.count
    ),
    inserted as (
      insert into agent_events (tenant_id, run_id, seq, type, payload)
      select i.tenant_id, i.run_id, b.last - b.count + row_number() over (partition by i.run_id order by i.ord), i.type, i.payload
      from input i join bumped b on b.id = i.run_id
    )
    select b.id as run_id, b.last, b.count,
      case when ${options.notify} then pg_notify(${EVENTS_CHANNEL}, json_build_object('topic', 'run:' || b.id, 'runId', b.id, 'seq', b.last)::text) end as notified
    from bumped b
  `);
  return rows.map((row) => ({ runId: Number(row.run_id), last: Number(row.last), count: Number(row.count) }));
}
