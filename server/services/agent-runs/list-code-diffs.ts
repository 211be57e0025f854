import { and, asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { codeDiffs } from "../../../db/schema";

export async function listCodeDiffs(options: { tenantId: number; runId: number }) {
  return db
    .select({
      id: codeDiffs.id,
      repositoryId: codeDiffs.repositoryId,
      filePath: codeDiffs.filePath,
      changeType: codeDiffs.changeType,
      diff: codeDiffs.diff,
      additions: codeDiffs.additions,
      deletions: codeDiffs.deletions,
    })
    .from(codeDiffs)
    .where(and(eq(codeDiffs.tenantId, options.tenantId), eq(codeDiffs.runId, options.runId)))
    .orderBy(asc(codeDiffs.filePath));
}
