import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { modelPrices, type AgentProvider } from "../../../db/schema";
import { modelInfo, type ModelPrice } from "../../models/catalog";
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
