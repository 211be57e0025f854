import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRunCompactions, type CompactionSections } from "../../../db/schema";

export async function saveCompactionSummary(options: {
  tenantId: number;
  compactionId: number;
  summary: string;
  sections: CompactionSections;
}) {
  await db
    .update(agentRunCompactions)
    .set({ status: "done", summary: options.summary, sections: options.sections, error: null, finishedAt: new Date() })
    .where(and(eq(agentRunCompactions.id, options.compactionId), eq(agentRunCompactions.tenantId, options.tenantId)));
}
