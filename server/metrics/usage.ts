import { desc, sql } from "drizzle-orm";
import { db } from "../../db/client";
import { agentRuns } from "../../db/schema";
import { collectSafely } from "./collect-safely";
import { defineGauge, PREFIX } from "./registry";

/** Model names are free text: past the costliest ones, the rest share one `other` series. */
const MODEL_LABELS = 25;

async function usageByModel() {
  const rows = await db
    .select({
      provider: agentRuns.provider,
      model: agentRuns.model,
      inputTokens: sql<number>`coalesce(sum(${agentRuns.inputTokens}), 0)::bigint`.mapWith(Number),
      outputTokens: sql<number>`coalesce(sum(${agentRuns.outputTokens}), 0)::bigint`.mapWith(Number),
      cacheWriteTokens: sql<number>`coalesce(sum(${agentRuns.cacheWriteTokens}), 0)::bigint`.mapWith(Number),
      cacheReadTokens: sql<number>`coalesce(sum(${agentRuns.cacheReadTokens}), 0)::bigint`.mapWith(Number),
      costMicroUsd: sql<number>`coalesce(sum(${agentRuns.costMicroUsd}), 0)::bigint`.mapWith(Number),
    })
    .from(agentRuns)
    .groupBy(agentRuns.provider, agentRuns.model)
    .orderBy(desc(sql`sum(${agentRuns.costMicroUsd})`), agentRuns.provider, agentRuns.model);
  const merged = new Map<string, (typeof rows)[number]>();
  rows.forEach((row, index) => {
    const model = index < MODEL_LABELS ? row.model : "other";
    const key = `${row.provider}\n${model}`;
    const into = merged.get(key);
    if (!into) merged.set(key, { ...row, model });
    else {
      into.inputTokens += row.inputTokens;
      into.outputTokens += row.outputTokens;
      into.cacheWriteTokens += row.cacheWriteTokens;
      into.cacheReadTokens += row.cacheReadTokens;
      into.costMicroUsd += row.costMicroUsd;
    }
  });
  return [...merged.values()];
}

// Sums over stored runs: they fall when runs are deleted, so these are gauges (use delta(), not increase()).
defineGauge({
  name: `${PREFIX}agent_tokens`,
  help: "Model tokens spent by stored runs, by provider, model and kind (input, cache_write, cache_read, output). Database-wide: every replica reports the same value.",
  labelNames: ["provider", "model", "kind"],
  collect: collectSafely("agent_tokens", async (gauge) => {
    const rows = await usageByModel();
    gauge.reset();
    for (const row of rows) {
      gauge.set({ provider: row.provider, model: row.model, kind: "input" }, row.inputTokens);
      gauge.set({ provider: row.provider, model: row.model, kind: "cache_write" }, row.cacheWriteTokens);
      gauge.set({ provider: row.provider, model: row.model, kind: "cache_read" }, row.cacheReadTokens);
      gauge.set({ provider: row.provider, model: row.model, kind: "output" }, row.outputTokens);
    }
  }),
});

defineGauge({
  name: `${PREFIX}agent_cost_usd`,
  help: "Model cost of stored runs in US dollars, by provider and model. Database-wide: every replica reports the same value.",
  labelNames: ["provider", "model"],
  collect: collectSafely("agent_cost_usd", async (gauge) => {
    const rows = await usageByModel();
    gauge.reset();
    for (const row of rows) gauge.set({ provider: row.provider, model: row.model }, row.costMicroUsd / 1_000_000);
  }),
});
