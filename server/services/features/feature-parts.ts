import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { db } from "../../../db/client";
import { featureAliases, featureRepositoryMap, repositories } from "../../../db/schema";

type FeatureParts = {
  repositories: Array<{ repositoryId: number; relativeImpact: number; fullName: string }>;
  aliases: string[];
};

/** The repositories (most impact first) and aliases of some features, by feature: one query each for all of them. */
export async function featurePartsOf(tenantId: number, featureIds: number[]): Promise<(featureId: number) => FeatureParts> {
  const byFeature = new Map<number, FeatureParts>();
  const partsOf = (featureId: number) => {
    let parts = byFeature.get(featureId);
    if (!parts) byFeature.set(featureId, (parts = { repositories: [], aliases: [] }));
    return parts;
  };
  if (!featureIds.length) return partsOf;
  const [repos, aliases] = await Promise.all([
    db
      .select({
        featureId: featureRepositoryMap.featureId,
        repositoryId: featureRepositoryMap.repositoryId,
        relativeImpact: featureRepositoryMap.relativeImpact,
        fullName: repositories.fullName,
      })
      .from(featureRepositoryMap)
      .innerJoin(repositories, eq(repositories.id, featureRepositoryMap.repositoryId))
      .where(and(eq(featureRepositoryMap.tenantId, tenantId), inArray(featureRepositoryMap.featureId, featureIds)))
      .orderBy(desc(featureRepositoryMap.relativeImpact), asc(repositories.fullName)),
    db
      .select({ featureId: featureAliases.featureId, alias: featureAliases.alias })
      .from(featureAliases)
      .where(and(eq(featureAliases.tenantId, tenantId), inArray(featureAliases.featureId, featureIds)))
      .orderBy(asc(featureAliases.alias)),
  ]);
  // Rows are appended in query order, so each feature keeps the order its own query would give.
  for (const { featureId, ...repo } of repos) partsOf(featureId).repositories.push(repo);
  for (const { featureId, alias } of aliases) partsOf(featureId).aliases.push(alias);
  return partsOf;
}
