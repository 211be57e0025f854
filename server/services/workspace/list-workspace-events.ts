import { and, asc, eq, gt } from "drizzle-orm";
import { db } from "../../../db/client";
import { workspaceEvents } from "../../../db/schema";

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
