import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { hashToken } from "../../auth/tokens";

/** The running run a pod's run token belongs to, or null: a token opens one run, and only while it runs. */
export async function runForToken(token: string) {
  if (!token.startsWith("alrun_")) return null;
  const [run] = await db
    .select()
    .from(agentRuns)
    .where(
      and(eq(agentRuns.runTokenHash, hashToken(token)), eq(agentRuns.status, "running"), eq(agentRuns.executor, "kubernetes")),
    );
  return run ?? null;
}

/** The token stops working when the run ends. */
export async function revokeRunToken(runId: number) {
  await db.update(agentRuns).set({ runTokenHash: null }).where(eq(agentRuns.id, runId));
}

/** Records the hash of a new run token (the token itself goes only into the run's Secret). */
export async function setRunTokenHash(options: { tenantId: number; runId: number; hash: string }) {
  await db
    .update(agentRuns)
    .set({ runTokenHash: options.hash })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
}
