import { eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { workspaceEvents } from "../../../db/schema";

/** The newest event's id (0 when none): where a page that just loaded starts following. */
export async function lastWorkspaceEventId(options: { tenantId: number }) {
  const [row] = await db
    .select({ id: sql<number>`coalesce(max(${workspaceEvents.id}), 0)::bigint` })
    .from(workspaceEvents)
    .where(eq(workspaceEvents.tenantId, options.tenantId));
  return Number(row?.id ?? 0);
}
