import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { features } from "../../../db/schema";
import { notFound } from "../../errors";

export async function deleteFeature(options: { tenantId: number; featureId: number }) {
  const rows = await db
    .delete(features)
    .where(and(eq(features.id, options.featureId), eq(features.tenantId, options.tenantId)))
    .returning({ id: features.id });
  if (!rows.length) throw notFound("Feature");
  return { id: options.featureId };
}
