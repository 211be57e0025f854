import { and, eq, sql } from "drizzle-orm";
import { db } from "../../../db/client";
import { agentRuns, type AgentProvider } from "../../../db/schema";
import { costMicroUsd } from "../../models/catalog";
import { resolveModelPrice } from "../model-prices/resolve-model-price";
import { appendRunEvent } from "./append-run-event";
import { RunNotRunningError } from "./append-run-events";

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
