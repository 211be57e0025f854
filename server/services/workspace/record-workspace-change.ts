import { sql } from "drizzle-orm";
import type { Executor } from "../../../db/client";
import type { WorkspaceEventKind } from "../../../db/schema";
import { EVENTS_CHANNEL } from "../../events/bus";
import { workspaceTopic } from "./workspace-topic";

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
