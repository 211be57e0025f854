import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { notFound } from "../../errors";

/** A run of this tenant; another tenant's id is simply not found. */
export async function getRun(options: { tenantId: number; runId: number }) {
  const [run] = await db
    .select()
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  if (!run) throw notFound("Run");
  return run;
}
