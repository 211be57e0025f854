import { db } from "../../../db/client";
import { modelPrices, type AgentProvider } from "../../../db/schema";
import type { ModelPrice } from "../../models/catalog";
import { priceOfRow, toMicro } from "./model-price-row";

/**
 * Gives a model the workspace's own price (adds or replaces the override). It
 * applies to every model call from now on, including those of running runs.
 */
export async function setModelPrice(options: {
  tenantId: number;
  userId: number;
  provider: AgentProvider;
  model: string;
  /** Unset cache prices mean the cache is billed as plain input. */
  price: ModelPrice;
}) {
  const { price } = options;
  const values = {
    inputMicroUsdPerMtok: toMicro(price.inputUsdPerMillion),
    cacheWriteMicroUsdPerMtok: toMicro(price.cacheWriteUsdPerMillion ?? price.inputUsdPerMillion),
    cacheReadMicroUsdPerMtok: toMicro(price.cacheReadUsdPerMillion ?? price.inputUsdPerMillion),
    outputMicroUsdPerMtok: toMicro(price.outputUsdPerMillion),
    updatedBy: options.userId,
  };
  const [row] = await db
    .insert(modelPrices)
    .values({ tenantId: options.tenantId, provider: options.provider, model: options.model, ...values })
    .onConflictDoUpdate({
      target: [modelPrices.tenantId, modelPrices.provider, modelPrices.model],
      set: { ...values, updatedAt: new Date() },
    })
    .returning();
  return { id: row!.id, provider: row!.provider, model: row!.model, ...priceOfRow(row!), updatedAt: row!.updatedAt };
}
