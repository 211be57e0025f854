import type { modelPrices } from "../../../db/schema";
import type { ModelPrice } from "../../models/catalog";

/** Stored in millionths of a dollar per million tokens, so a price is an integer; shown in dollars. */
export const toMicro = (usdPerMillion: number) => Math.round(usdPerMillion * 1_000_000);

export function priceOfRow(row: typeof modelPrices.$inferSelect): Required<ModelPrice> {
  return {
    inputUsdPerMillion: row.inputMicroUsdPerMtok / 1_000_000,
    cacheWriteUsdPerMillion: row.cacheWriteMicroUsdPerMtok / 1_000_000,
    cacheReadUsdPerMillion: row.cacheReadMicroUsdPerMtok / 1_000_000,
    outputUsdPerMillion: row.outputMicroUsdPerMtok / 1_000_000,
  };
}
