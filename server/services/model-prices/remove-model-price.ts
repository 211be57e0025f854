import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { modelPrices } from "../../../db/schema";
import { notFound } from "../../errors";

/** Drops an override: the model is priced by the catalog again, or refused if the catalog cannot price it. */
export async function removeModelPrice(options: { tenantId: number; modelPriceId: number }) {
  const rows = await db
    .delete(modelPrices)
    .where(and(eq(modelPrices.id, options.modelPriceId), eq(modelPrices.tenantId, options.tenantId)))
    .returning({ id: modelPrices.id });
  if (rows.length === 0) throw notFound("Model price");
  return { ok: true };
}
