import { and, asc, eq, ilike } from "drizzle-orm";
import { db } from "../../../db/client";
import { features } from "../../../db/schema";
import { featurePartsOf } from "./feature-parts";

/** Features whose name, description or aliases contain the query; all when it is empty. */
export async function searchFeatures(options: { tenantId: number; query?: string; projectId?: number }) {
  const query = options.query?.trim().toLowerCase();
  const rows = await db
    .select({ id: features.id, name: features.name, description: features.description, projectId: features.projectId })
    .from(features)
    .where(
      and(
        eq(features.tenantId, options.tenantId),
        options.projectId ? eq(features.projectId, options.projectId) : undefined,
        query ? ilike(features.searchText, `%${query.replace(/[%_\\]/g, "\\$&")}%`) : undefined,
      ),
    )
    .orderBy(asc(features.name));
  const parts = await featurePartsOf(
    options.tenantId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, ...parts(row.id) }));
}
