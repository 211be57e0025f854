import { and, eq, isNull } from "drizzle-orm";
import { db } from "../../../db/client";
import { previewDeployments } from "../../../db/schema";

/** The ids of a repository branch's previews that are not destroyed. */
export function livePreviewsOf(options: { tenantId: number; repositoryId: number; branch: string }) {
  return db
    .select({ id: previewDeployments.id })
    .from(previewDeployments)
    .where(
      and(
        eq(previewDeployments.tenantId, options.tenantId),
        eq(previewDeployments.repositoryId, options.repositoryId),
        eq(previewDeployments.branch, options.branch),
        isNull(previewDeployments.destroyedAt),
      ),
    );
}
