import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { codeDiffs } from "../../../db/schema";
import type { FileDiff } from "../../git/workspace-diff";
import { sanitizeText } from "../../text/sanitize";

export type { FileDiff };

/** Stores a run's per-file diffs (replacing earlier ones for the same repository). */
export async function saveCodeDiffs(options: {
  tenantId: number;
  runId: number;
  repositoryId?: number | null;
  files: FileDiff[];
}) {
  await db.transaction(async (tx) => {
    await tx.delete(codeDiffs).where(and(eq(codeDiffs.tenantId, options.tenantId), eq(codeDiffs.runId, options.runId)));
    if (options.files.length === 0) return;
    await tx.insert(codeDiffs).values(
      options.files.map((file) => ({
        tenantId: options.tenantId,
        runId: options.runId,
        repositoryId: options.repositoryId ?? null,
        ...file,
        // File contents and names come from the agent's workspace: binary diffs carry NUL bytes.
        filePath: sanitizeText(file.filePath),
        diff: sanitizeText(file.diff),
      })),
    );
  });
}
