import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentEvents } from "../../../db/schema";

/** Whether the run was already warned about its budget (a pod's calls share no memory, the events do). */
export async function budgetWarned(options: { tenantId: number; runId: number }) {
  const [event] = await db
    .select({ id: agentEvents.id })
    .from(agentEvents)
    .where(and(eq(agentEvents.tenantId, options.tenantId), eq(agentEvents.runId, options.runId), eq(agentEvents.type, "budget")))
    .limit(1);
  return Boolean(event);
}
