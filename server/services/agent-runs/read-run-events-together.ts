import { sql } from "drizzle-orm";
import { getConnection } from "../../../db/client";

type Request = { tenantId: number; runId: number; afterSeq: number | null; limit: number };
export type RunEventRow = { seq: number; type: string; payload: Record<string, unknown>; createdAt: Date };
type Waiting = Request & { resolve: (rows: RunEventRow[]) => void; reject: (error: unknown) => void };

let waiting: Waiting[] = [];

/**
 * A run's events after `afterSeq` (exclusive), oldest first, like
 * listRunEvents — but every read asked for in the same turn of the event loop
 * goes to Postgres as one query. One commit notifies every run it wrote to,
 * and each run's feed then reads: a process following 100 runs makes one
 * query per wake, not 100. The caller has checked the run's tenant.
 */
export function readRunEventsTogether(request: Request) {
  return new Promise<RunEventRow[]>((resolve, reject) => {
    if (waiting.length === 0) setImmediate(readWaiting);
    waiting.push({ ...request, resolve, reject });
  });
}

async function readWaiting() {
  const batch = waiting;
  waiting = [];
  try {
    const input = JSON.stringify(
      batch.map((request, index) => ({
        index,
        tenantId: request.tenantId,
        runId: request.runId,
        afterSeq: request.afterSeq ?? 0,
        limit: request.limit,
      })),
    );
    const rows = await getConnection().db.execute<{
      index: number;
      seq: number;
      type: string;
      payload: Record<string, unknown>;
      created_at: string;
    }>(sql`
      select c.index, e.seq, e.type, e.payload, e.created_at
      from jsonb_to_recordset(${input}::jsonb) as c(index int, "tenantId" bigint, "runId" bigint, "afterSeq" int, "limit" int)
      cross join lateral (
        select seq, type, payload, created_at from agent_events
        where tenant_id = c."tenantId" and run_id = c."runId" and seq > c."afterSeq"
        order by seq limit c."limit"
      ) e
      order by c.index, e.seq
    `);
    const results = batch.map(() => [] as RunEventRow[]);
    for (const row of rows) {
      results[row.index]!.push({ seq: row.seq, type: row.type, payload: row.payload, createdAt: new Date(row.created_at) });
    }
    batch.forEach((request, index) => request.resolve(results[index]!));
  } catch (error) {
    for (const request of batch) request.reject(error);
  }
}
