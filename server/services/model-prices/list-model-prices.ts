import { asc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { modelPrices } from "../../../db/schema";
import { priceOfRow } from "./model-price-row";

/** The workspace's price overrides, by provider and model. */
export async function listModelPrices(options: { tenantId: number }) {
  const rows = await db
    .select()
    .from(modelPrices)
    .where(eq(modelPrices.tenantId, options.tenantId))
    .orderBy(asc(modelPrices.provider), asc(modelPrices.model));
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    model: row.model,
    ...priceOfRow(row),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  }));
}
