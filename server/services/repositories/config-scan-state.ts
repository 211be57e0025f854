import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { repositories, type ConfigScanStatus } from "../../../db/schema";
import { recordWorkspaceChange } from "../workspace/record-workspace-change";

/**
 * Moves a repository's config scan on (queued, scanning, done, failed) and says so to open
 * pages; `done` stamps when it finished, and every state but `failed` clears the last error.
 */
export async function setConfigScanState(options: {
  tenantId: number;
  repositoryId: number;
  status: ConfigScanStatus;
  error?: string;
}) {
  await db
    .update(repositories)
    .set({
      configScanStatus: options.status,
      configScanError: options.status === "failed" ? (options.error ?? null) : null,
      ...(options.status === "done" ? { configScannedAt: new Date() } : {}),
    })
    .where(and(eq(repositories.id, options.repositoryId), eq(repositories.tenantId, options.tenantId)));
  await recordWorkspaceChange(db, { tenantId: options.tenantId, kind: "repository", subjectId: options.repositoryId });
}
