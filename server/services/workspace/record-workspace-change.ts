import { and, asc, eq, gt, sql } from "drizzle-orm";
import { db, type Executor } from "../../../db/client";
import { workspaceEvents, type WorkspaceEventKind } from "../../../db/schema";
import { EVENTS_CHANNEL } from "../../events/bus";

export const workspaceTopic = (tenantId: number) => `workspace:${tenantId}`;

/**
 * Says a workspace list changed (a run was created or moved on, a repository's config, a
 * preview, a sandbox): one statement appends the event and queues its notification, inside the
 * caller's transaction, so open lists hear of it on commit and never of a rolled-back change.
 */
export async function recordWorkspaceChange(
  executor: Executor,
  options: { tenantId: number; kind: WorkspaceEventKind; subjectId: number },
) {
  await executor.execute(sql`
    with event as (
      insert into workspace_events (tenant_id, kind, subject_id)
      values (${options.tenantId}, ${options.kind}, ${options.subjectId})
      returning id
    )
    select pg_notify(${EVENTS_CHANNEL}, json_build_object('topic', ${workspaceTopic(options.tenantId)}::text, 'workspaceEventId', id)::text)
    from event`);
}

/** A workspace's events after a cursor, oldest first. */
export async function listWorkspaceEvents(options: { tenantId: number; afterId: number | null; limit: number }) {
  return db
    .select({ id: workspaceEvents.id, kind: workspaceEvents.kind, subjectId: workspaceEvents.subjectId })
    .from(workspaceEvents)
    .where(
      and(
        eq(workspaceEvents.tenantId, options.tenantId),
        options.afterId === null ? undefined : gt(workspaceEvents.id, options.afterId),
      ),
    )
    .orderBy(asc(workspaceEvents.id))
    .limit(options.limit);
}

/** The newest event's id (0 when none): where a page that just loaded starts following. */
export async function lastWorkspaceEventId(options: { tenantId: number }) {
  const [row] = await db
    .select({ id: sql<number>`coalesce(max(${workspaceEvents.id}), 0)::bigint` })
    .from(workspaceEvents)
    .where(eq(workspaceEvents.tenantId, options.tenantId));
  return Number(row?.id ?? 0);
}
