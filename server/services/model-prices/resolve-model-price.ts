import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { modelPrices, type AgentProvider } from "../../../db/schema";
import { modelInfo, type ModelPrice } from "../../models/catalog";
import { AppError } from "../../errors";
import { priceOfRow } from "./model-price-row";

/** The workspace's override, else the catalog's list price, else null: the model cannot be priced. */
export async function resolveModelPrice(options: {
  tenantId: number;
  provider: AgentProvider;
  model: string;
}): Promise<ModelPrice | null> {
  const [row] = await db
    .select()
    .from(modelPrices)
    .where(
      and(
        eq(modelPrices.tenantId, options.tenantId),
        eq(modelPrices.provider, options.provider),
        eq(modelPrices.model, options.model),
      ),
    );
  if (row) return priceOfRow(row);
  const info = modelInfo(options.model);
  return info && info.provider === options.provider ? info : null;
}

/** Why an unpriced model cannot be used, in words that say where to fix it. */
export function unpricedModelMessage(model: string) {
  return `The model "${model}" has no price, so budgets could not count its cost: an admin can give it one under Settings → Model prices.`;
}

/** Refuses (400) a model priced neither by the workspace nor by the catalog: an unpriced run would switch budgets off. */
export async function requireModelPrice(options: { tenantId: number; provider: AgentProvider; model: string }) {
  const price = await resolveModelPrice(options);
  if (!price) throw new AppError("BAD_REQUEST", unpricedModelMessage(options.model));
  return price;
}
