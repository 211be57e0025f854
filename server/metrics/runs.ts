import { sql } from "drizzle-orm";
import { db } from "../../db/client";
import { agentRuns, type AgentRun } from "../../db/schema";
import { collectSafely } from "./collect-safely";
import { defineCounter, defineGauge, defineHistogram, PREFIX } from "./registry";

/** What made a run fail: its own error, or a stop from outside the agent. */
export type RunEnding = "error" | "timeout" | "shutdown" | "budget" | "stale" | "limit";

defineGauge({
  name: `${PREFIX}agent_runs`,
  help: "Agent runs stored, by status, provider and executor. Database-wide: every replica reports the same value.",
  labelNames: ["status", "provider", "executor"],
  collect: collectSafely("agent_runs", async (gauge) => {
    const rows = await db
      .select({
        status: agentRuns.status,
        provider: agentRuns.provider,
        executor: agentRuns.executor,
        count: sql<number>`count(*)::int`,
      })
      .from(agentRuns)
      .groupBy(agentRuns.status, agentRuns.provider, agentRuns.executor);
    gauge.reset();
    for (const { count, ...labels } of rows) gauge.set(labels, count);
  }),
});

const runsFinished = defineCounter({
  name: `${PREFIX}agent_runs_finished_total`,
  help: "Runs this process moved to a final status, by status, provider, executor and reason (completed, cancelled, or what made it fail: error, timeout, shutdown, budget, stale, limit — a turn or cost cap, a stuck agent, no finish).",
  labelNames: ["status", "provider", "executor", "reason"],
});

const runDuration = defineHistogram({
  name: `${PREFIX}agent_run_duration_seconds`,
  help: "From a run's start (claimed by a worker) to its final status, for runs this process finished.",
  labelNames: ["status", "provider", "executor"],
  buckets: [5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
});

const timeToFirstToken = defineHistogram({
  name: `${PREFIX}agent_run_time_to_first_token_seconds`,
  help: "From a run's start to the first text the model streamed (local executor; includes the clone and prompt set-up).",
  labelNames: ["provider"],
  buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
});

/** Counts a run reaching its final status, and how long it ran when it had started. */
export function observeRunFinished(
  run: Pick<AgentRun, "status" | "provider" | "executor" | "startedAt" | "finishedAt">,
  ending: RunEnding = "error",
) {
  const labels = { status: run.status, provider: run.provider, executor: run.executor };
  runsFinished.inc({ ...labels, reason: run.status === "failed" ? ending : run.status });
  if (run.startedAt && run.finishedAt) runDuration.observe(labels, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
}

export function observeFirstToken(run: Pick<AgentRun, "provider" | "startedAt">) {
  if (run.startedAt) timeToFirstToken.observe({ provider: run.provider }, (Date.now() - run.startedAt.getTime()) / 1000);
}
