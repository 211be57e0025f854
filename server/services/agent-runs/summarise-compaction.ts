import type { Env } from "../../env.server";
import { loadPendingCompaction } from "./load-pending-compaction";
import { recordCompactionAttemptFailed } from "./record-compaction-attempt-failed";
import { saveCompactionSummary } from "./save-compaction-summary";
import { RunEventWriter } from "./run-event-writer";
import { recordRunUsage } from "./record-run-usage";
import { budgetWarned } from "../budgets/budget-warned";
import { BudgetStop, withRunBudget } from "../budgets/with-run-budget";
import { writeSummary } from "../../harness/compaction";
import { createModelClient } from "../../models/providers";
import type { ModelClient } from "../../models/types";

/**
 * The `agent-run.compact` job: writes the summary a waiting loop asked for, on
 * the run's own provider and model, and counts its tokens on the run. A failed
 * model call is recorded and thrown, so pg-boss retries the job. Like every
 * other model call of a run it asks the budget first: a spent budget (or a
 * model without a price) fails the compaction for good, with no call and no
 * retry, and the loop carries on masked until its own next call stops it.
 */
export async function summariseCompaction(options: {
  tenantId: number;
  compactionId: number;
  env: Env;
  /** Tests may inject a client; by default the provider's SDK client from the environment. */
  client?: ModelClient;
}) {
  const { tenantId, compactionId } = options;
  const pending = await loadPendingCompaction({ tenantId, compactionId });
  // Already written by an earlier attempt, given up on, or not this tenant's: nothing to do.
  if (!pending) return { status: "skipped" as const };
  const { compaction, run } = pending;
  const client = withRunBudget(options.client ?? createModelClient(options.env, run.provider, run), {
    tenantId,
    run,
    report: (level, message) =>
      new RunEventWriter({ tenantId, runId: run.id, onlyWhileRunning: true })
        .write("budget", { level, message })
        .then(() => undefined),
    warned: () => budgetWarned({ tenantId, runId: run.id }),
  });
  let written: Awaited<ReturnType<typeof writeSummary>>;
  try {
    written = await writeSummary({
      client,
      model: run.model,
      request: { task: compaction.task, previousSummary: compaction.previousSummary, transcript: compaction.transcript },
    });
  } catch (error) {
    await recordCompactionAttemptFailed({
      tenantId,
      compactionId,
      error: error instanceof Error ? error.message : String(error),
    });
    // A refusal by the budget would only be refused again: the job ends, and the waiting loop reads the error.
    if (error instanceof BudgetStop) return { status: "refused" as const };
    throw error;
  }
  await recordRunUsage({
    tenantId,
    runId: run.id,
    provider: run.provider,
    model: run.model,
    ...written.usage,
    purpose: "compaction",
  });
  await saveCompactionSummary({ tenantId, compactionId, summary: written.summary, sections: written.sections });
  return { status: "done" as const };
}
