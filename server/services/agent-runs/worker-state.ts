import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, type AgentProvider } from "../../../db/schema";
import { costMicroUsd } from "../../models/catalog";
import { resolveModelPrice } from "../model-prices/resolve-model-price";
import { appendRunEvent, RunNotRunningError } from "./append-run-event";
import { failRun } from "./transition-run";

/**
 * Refreshes a running run's heartbeat. Returns false when the run is no longer
 * running (cancelled elsewhere), which tells the worker to stop.
 */
export async function heartbeatRun(options: { tenantId: number; runId: number }) {
  const rows = await db
    .update(agentRuns)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId), eq(agentRuns.status, "running")))
    .returning({ id: agentRuns.id });
  return rows.length > 0;
}

export async function runStatus(options: { tenantId: number; runId: number }) {
  const [row] = await db
    .select({ status: agentRuns.status })
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return row?.status ?? null;
}

/** The run's status, and whether a user asked it to stop keeping its work. */
export async function runStopState(options: { tenantId: number; runId: number }) {
  const [row] = await db
    .select({ status: agentRuns.status, stopRequestedAt: agentRuns.stopRequestedAt })
    .from(agentRuns)
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
  return row ?? null;
}

export async function saveResolvedPrompt(options: { tenantId: number; runId: number; resolvedPrompt: string }) {
  await db
    .update(agentRuns)
    .set({ resolvedPrompt: options.resolvedPrompt })
    .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)));
}

/** Adds a model response's tokens and cost to the run, and records a `usage` event with the totals. */
export async function recordRunUsage(options: {
  tenantId: number;
  runId: number;
  provider: AgentProvider;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens?: number;
  cacheReadTokens?: number;
  reasoningTokens?: number;
  purpose: string;
}) {
  const cacheWriteTokens = options.cacheWriteTokens ?? 0;
  const cacheReadTokens = options.cacheReadTokens ?? 0;
  const reasoningTokens = options.reasoningTokens ?? 0;
  const price = await resolveModelPrice({ tenantId: options.tenantId, provider: options.provider, model: options.model });
  // Each call is refused before it is made when its model has no price; one whose price was removed meanwhile counts nothing.
  const cost = price ? costMicroUsd(price, options) : 0;
  return db.transaction(async (tx) => {
    const [run] = await tx
      .update(agentRuns)
      .set({
        inputTokens: sql`${agentRuns.inputTokens} + ${options.inputTokens}`,
        outputTokens: sql`${agentRuns.outputTokens} + ${options.outputTokens}`,
        cacheWriteTokens: sql`${agentRuns.cacheWriteTokens} + ${cacheWriteTokens}`,
        cacheReadTokens: sql`${agentRuns.cacheReadTokens} + ${cacheReadTokens}`,
        reasoningTokens: sql`${agentRuns.reasoningTokens} + ${reasoningTokens}`,
        costMicroUsd: sql`${agentRuns.costMicroUsd} + ${cost}`,
      })
      .where(and(eq(agentRuns.id, options.runId), eq(agentRuns.tenantId, options.tenantId)))
      .returning({
        inputTokens: agentRuns.inputTokens,
        outputTokens: agentRuns.outputTokens,
        cacheWriteTokens: agentRuns.cacheWriteTokens,
        cacheReadTokens: agentRuns.cacheReadTokens,
        reasoningTokens: agentRuns.reasoningTokens,
        costMicroUsd: agentRuns.costMicroUsd,
      });
    try {
      await appendRunEvent(tx, {
        tenantId: options.tenantId,
        runId: options.runId,
        type: "usage",
        payload: {
          purpose: options.purpose,
          inputTokens: options.inputTokens,
          outputTokens: options.outputTokens,
          cacheWriteTokens,
          cacheReadTokens,
          reasoningTokens,
          costMicroUsd: cost,
          total: run,
        },
        onlyWhileRunning: true,
      });
    } catch (error) {
      // A finished run keeps its final status as the last event; the tokens still count.
      if (!(error instanceof RunNotRunningError)) throw error;
    }
    return run!;
  });
}

/**
 * Marks runs whose worker stopped heart-beating (the process was killed) as
 * failed, with the reason. Runs in every tenant: this is the system sweeper.
 */
export async function sweepStaleRuns(options: { staleAfterSeconds: number }) {
  const stale = await db
    .select({ id: agentRuns.id, tenantId: agentRuns.tenantId, heartbeatAt: agentRuns.heartbeatAt })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.status, "running"),
        // Parents of multi-repo runs hold no worker; their children finish them.
        isNull(agentRuns.orchestrationMode),
        lt(
          sql`coalesce(${agentRuns.heartbeatAt}, ${agentRuns.startedAt}, ${agentRuns.createdAt})`,
          sql`now() - make_interval(secs => ${options.staleAfterSeconds})`,
        ),
      ),
    );
  let failed = 0;
  for (const run of stale) {
    const reason = `The worker running this run stopped (no heartbeat for over ${options.staleAfterSeconds} s); the run was marked failed.`;
    const updated = await failRun(db, { tenantId: run.tenantId, runId: run.id, message: reason, ending: "stale" });
    if (updated) failed++;
  }
  return { failed };
}
