import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { features } from "../../../db/schema";
import { notFound } from "../../errors";
import { featurePartsOf } from "./feature-parts";

export async function getFeature(options: { tenantId: number; featureId: number }) {
  const [row] = await db
    .select({ id: features.id, name: features.name, description: features.description, projectId: features.projectId })
    .from(features)
    .where(and(eq(features.id, options.featureId), eq(features.tenantId, options.tenantId)));
  if (!row) throw notFound("Feature");
  return { ...row, ...(await featurePartsOf(options.tenantId, [row.id]))(row.id) };
}
