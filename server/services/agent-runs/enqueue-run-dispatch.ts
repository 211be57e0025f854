import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../../db/client";
import { agentRuns } from "../../../db/schema";
import { agentRunDispatchJob } from "../../../jobs/agent-run-dispatch";
import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";

/**
 * Sends the job that starts a queued run, in `tx`, and records its id on the
 * run: the sweeper reads that job's state to tell a run waiting for a slot from
 * one whose dispatch was lost.
 */
export async function enqueueRunDispatch(tx: Transaction, options: { tenantId: number; runId: number }) {
  const jobId = await sendJob(getBoss(), agentRunDispatchJob, { runId: options.runId, tenantId: options.tenantId }, { tx });
  if (!jobId) throw new Error(`pg-boss did not accept the dispatch of run ${options.runId}.`);
  await tx
    .update(agentRuns)
    .set({ dispatchJobId: jobId })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return jobId;
}
