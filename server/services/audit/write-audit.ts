import { db, type Executor } from "../../../db/client";
import { auditLog } from "../../../db/schema";
import { sanitizeJson } from "../../text/sanitize";

/** Writes an entry (append-only: nothing in the app updates or deletes them). Joins the caller's transaction. */
export async function writeAudit(
  entry: {
    tenantId: number;
    actorUserId: number | null;
    actorApiKeyId: number | null;
    action: string;
    targetType: string;
    targetId: string | null;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    requestId: string | null;
  },
  executor: Executor = db,
) {
  // redact() cuts long text, possibly between the halves of a surrogate pair.
  await executor
    .insert(auditLog)
    .values({ ...entry, before: sanitizeJson(entry.before ?? null), after: sanitizeJson(entry.after ?? null) });
}
