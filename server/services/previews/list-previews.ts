import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";
import { previewColumns } from "./preview-columns";

export async function listPreviews(options: { tenantId: number; runId?: number; ticketId?: number; includeDestroyed?: boolean }) {
  return db
    .select(previewColumns)
    .from(previewDeployments)
    .where(
      and(
        eq(previewDeployments.tenantId, options.tenantId),
        options.runId ? eq(previewDeployments.runId, options.runId) : undefined,
        options.ticketId ? eq(previewDeployments.ticketId, options.ticketId) : undefined,
        options.includeDestroyed ? undefined : isNull(previewDeployments.destroyedAt),
      ),
    )
    .orderBy(desc(previewDeployments.id));
}
