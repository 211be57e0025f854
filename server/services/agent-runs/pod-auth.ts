import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { hashRunToken } from "../../agents/executors/kubernetes";

/** The running run a pod's run token belongs to, or null: a token opens one run, and only while it runs. */
export async function runForToken(token: string) {
  if (!token.startsWith("alrun_")) return null;
  const [run] = await db
    .select()
    .from(agentRuns)
    .where(
      and(eq(agentRuns.runTokenHash, hashRunToken(token)), eq(agentRuns.status, "running"), eq(agentRuns.executor, "kubernetes")),
    );
  return run ?? null;
}

/** The token stops working when the run ends. */
export async function revokeRunToken(runId: number) {
  await db.update(agentRuns).set({ runTokenHash: null }).where(eq(agentRuns.id, runId));
}
